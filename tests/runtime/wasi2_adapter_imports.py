#!/usr/bin/env python3
"""Writes tests/runtime/wasi2_adapter_imports.txt: the WASI 0.2 functions the jco preview1
adapter imports, each with the core signature of its `canon lower` (an awsm signature string),
read from `wasm-tools print` of the adapter. test_wasi2.c checks awsm_wasi2_lookup against it.

  python3 tests/runtime/wasi2_adapter_imports.py .cache/jco-1.35.0/package/lib/wasi_snapshot_preview1.command.wasm
"""
import re
import subprocess
import sys
from pathlib import Path

CONV = {'i32': 'i', 'i64': 'I', 'f32': 'f', 'f64': 'F'}


def main(adapter: str) -> None:
    wat = subprocess.run(['wasm-tools', 'print', adapter], check=True, capture_output=True, text=True).stdout
    types = {}
    for m in re.finditer(r'\(type \(;(\d+);\) \(func([^\n]*)\)\)\n', wat):
        params = ''.join(CONV[t] for p in re.findall(r'\(param ([^)]*)\)', m.group(2)) for t in p.split())
        results = ''.join(CONV[t] for p in re.findall(r'\(result ([^)]*)\)', m.group(2)) for t in p.split())
        types[m.group(1)] = f'{params}:{results}'
    lines = [f'{mod} {name} {types[t]}'
             for mod, name, t in re.findall(r'\(import "([^"]+)" "([^"]+)" \(func [^(]*\(;\d+;\) \(type (\d+)\)', wat)
             if mod.startswith('wasi:')]
    head = ('# The WASI 0.2 functions the jco 1.35.0 preview1 adapter imports (lib/wasi_snapshot_preview1.command.wasm),\n'
            '# each with the core signature of its `canon lower`: interface, name, awsm signature string.\n'
            '# Made by tests/runtime/wasi2_adapter_imports.py; test_wasi2.c checks awsm_wasi2_lookup against it.\n')
    Path(__file__).with_suffix('.txt').write_text(head + '\n'.join(lines) + '\n')
    print(f'{len(lines)} imports')


if __name__ == '__main__':
    main(sys.argv[1])
