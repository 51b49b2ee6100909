/* A freestanding memory-bound kernel for the memory64 cost figure: built for wasm32 and
 * wasm64 from the same source (docs/abi.md, "64-bit memories"). */
#define N 256
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_exit"))) void proc_exit(int);
static unsigned a[N * N], b[N * N], c[N * N];
static unsigned char text[1 << 20];
static unsigned hist[256];

static void matmul(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      unsigned s = 0;
      for (int k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
      c[i * N + j] = s;
    }
}

void _start(void) {
  unsigned x = 12345;
  for (int i = 0; i < N * N; i++) a[i] = (x = x * 1103515245u + 12345u) >> 16, b[i] = (x = x * 1103515245u + 12345u) >> 16;
  for (unsigned i = 0; i < sizeof text; i++) text[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 24);
  unsigned sum = 0;
  for (int r = 0; r < 4; r++) {
    matmul();
    for (int rep = 0; rep < 40; rep++)
      for (unsigned i = 0; i < sizeof text; i++) hist[text[i] ^ rep]++;
    for (int i = 0; i < N * N; i++) sum += c[i];
    a[r] ^= sum;
  }
  for (int i = 0; i < 256; i++) sum += hist[i];
  proc_exit((int)(sum & 63));
}
