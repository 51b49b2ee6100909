// A Go program for GOOS=wasip1 GOARCH=wasm, run by tests/e2e/wasi.test.ts under `awsm run`
// (with /sandbox preopened, arguments, environment and standard input) and under node:wasi.
// The Go runtime is a large, demanding module: its scheduler sleeps with poll_oneoff, its
// os package finds preopens with fd_prestat_*, opens with path_open and lists with
// fd_readdir; crypto/rand uses random_get. Expected output: expected.stdout, .stderr;
// exit status 3.
package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func check(what string, err error) {
	if err != nil {
		fmt.Printf("%s: error: %v\n", what, err)
	}
}

func main() {
	fmt.Println("args:", strings.Join(os.Args[1:], "|"))
	fmt.Println("GREETING:", os.Getenv("GREETING"))
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WASI_TEST_") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	fmt.Println("environ:", env)

	// Files in the preopened directory.
	const dir = "/sandbox"
	check("write", os.WriteFile(dir+"/go.txt", []byte("written by go\n"), 0o644))
	b, err := os.ReadFile(dir + "/go.txt")
	check("read", err)
	fmt.Printf("read back: %q\n", b)
	check("mkdir", os.MkdirAll(dir+"/gosub/deep", 0o755))
	check("rename", os.Rename(dir+"/go.txt", dir+"/gosub/go.txt"))
	f, err := os.OpenFile(dir+"/gosub/go.txt", os.O_APPEND|os.O_WRONLY, 0)
	check("open append", err)
	_, err = f.WriteString("appended\n")
	check("append", err)
	check("close", f.Close())
	f, err = os.Open(dir + "/gosub/go.txt")
	check("open", err)
	_, err = f.Seek(11, io.SeekStart)
	check("seek", err)
	rest, err := io.ReadAll(f)
	check("read all", err)
	fmt.Printf("from offset 11: %q\n", rest)
	fi, err := f.Stat()
	check("stat", err)
	fmt.Printf("size %d, regular %v\n", fi.Size(), fi.Mode().IsRegular())
	f.Close()
	check("symlink", os.Symlink("go.txt", dir+"/gosub/ln"))
	target, err := os.Readlink(dir + "/gosub/ln")
	check("readlink", err)
	li, err := os.Lstat(dir + "/gosub/ln")
	check("lstat", err)
	fmt.Printf("link -> %s, is a symlink %v\n", target, li.Mode()&fs.ModeSymlink != 0)
	entries, err := os.ReadDir(dir)
	check("readdir", err)
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		} else if e.Type()&fs.ModeSymlink != 0 {
			n += "@"
		}
		names = append(names, n)
	}
	fmt.Println("sandbox:", strings.Join(names, " "))
	sub, err := os.ReadDir(dir + "/gosub")
	check("readdir gosub", err)
	for _, e := range sub {
		fmt.Println("gosub entry:", e.Name(), e.Type())
	}
	check("remove all", os.RemoveAll(dir+"/gosub"))
	_, err = os.Stat(dir + "/gosub")
	fmt.Println("gone:", errors.Is(err, fs.ErrNotExist))

	// The sandbox, seen from Go: symlinks out of it fail.
	_, err = os.ReadFile(dir + "/link_out")
	fmt.Println("read link_out fails:", err != nil)
	_, err = os.ReadFile(dir + "/dir_out/secret.txt")
	fmt.Println("read dir_out/secret.txt fails:", err != nil)
	_, err = os.ReadFile("/etc/passwd")
	fmt.Println("read /etc/passwd fails:", err != nil)

	// Time, sleeping, timers, goroutines.
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept >= 20ms:", time.Since(start) >= 20*time.Millisecond)
	fmt.Println("year >= 2024:", time.Now().Year() >= 2024)
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timer fired")
	}
	var wg sync.WaitGroup
	results := make(chan int, 100)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				results <- w*25 + i
				time.Sleep(time.Millisecond)
			}
		}(w)
	}
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("goroutines sum:", sum)

	buf := make([]byte, 32)
	_, err = rand.Read(buf)
	check("rand", err)
	zero := true
	for _, x := range buf {
		if x != 0 {
			zero = false
		}
	}
	fmt.Println("random bytes nonzero:", !zero)

	in, err := io.ReadAll(os.Stdin)
	check("stdin", err)
	fmt.Printf("stdin: %q\n", in)
	fmt.Fprintln(os.Stderr, "to stderr from go")
	os.Exit(3)
}
