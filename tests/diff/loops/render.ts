/**
 * The loop fuzzer's AST (ast.ts) as WebAssembly text: one expression or statement list at a
 * time, folded s-expressions, each loop headed by a comment with the generator's description.
 */
import type { Expr, Stmt } from './ast.js';

export function renderExpr(e: Expr): string {
  switch (e.k) {
    case 'i32':
      return `(i32.const ${e.v | 0})`;
    case 'probe':
      return renderExpr(e.e);
    case 'const':
      return `(${e.t}.const ${e.text})`;
    case 'get':
      return `(local.get ${e.l})`;
    case 'tee':
      return `(local.tee ${e.l} ${renderExpr(e.e)})`;
    case 'op':
      return e.args.length === 0 ? `(${e.op})` : `(${e.op} ${e.args.map(renderExpr).join(' ')})`;
    case 'load':
      return `(${e.op}${memarg(e.offset, e.align)} ${renderExpr(e.addr)})`;
    case 'gget':
      return '(global.get $g)';
    case 'zero':
      return '(global.get $zero)';
    case 'call':
      return `(call ${e.f}${e.args.map((a) => ' ' + renderExpr(a)).join('')})`;
  }
}

function memarg(offset: number, align: number | undefined): string {
  return `${offset !== 0 ? ` offset=${offset >>> 0}` : ''}${align !== undefined ? ` align=${align}` : ''}`;
}

export function renderStmts(ss: readonly Stmt[], ind: string, out: string[]): void {
  for (const s of ss) renderStmt(s, ind, out);
}

function renderStmt(s: Stmt, ind: string, out: string[]): void {
  const i2 = ind + '  ';
  switch (s.k) {
    case 'set':
      out.push(`${ind}(local.set ${s.l} ${renderExpr(s.e)})`);
      return;
    case 'store':
      out.push(`${ind}(${s.op}${memarg(s.offset, s.align)} ${renderExpr(s.addr)} ${renderExpr(s.value)})`);
      return;
    case 'if':
      out.push(`${ind}(if ${renderExpr(s.cond)}`, `${i2}(then`);
      renderStmts(s.then, i2 + '  ', out);
      out.push(`${i2})`);
      if (s.else !== undefined) {
        out.push(`${i2}(else`);
        renderStmts(s.else, i2 + '  ', out);
        out.push(`${i2})`);
      }
      out.push(`${ind})`);
      return;
    case 'drop':
      out.push(`${ind}(drop ${renderExpr(s.e)})`);
      return;
    case 'exec':
      out.push(`${ind}${renderExpr(s.e)}`);
      return;
    case 'gset':
      out.push(`${ind}(global.set $g ${renderExpr(s.e)})`);
      return;
    case 'block':
      out.push(`${ind}(block ${s.label}`);
      renderStmts(s.body, i2, out);
      out.push(`${ind})`);
      return;
    case 'brif':
      out.push(`${ind}(br_if ${s.label} ${renderExpr(s.cond)})`);
      return;
    case 'nop':
      out.push(`${ind}(nop)`);
      return;
    case 'unreachable':
      out.push(`${ind}(unreachable)`);
      return;
    case 'carry':
      out.push(`${ind}(local.set $h (i64.add (i64.extend_i32_u (local.get ${s.l})) (block (result i64)`);
      renderStmts(s.body, i2, out);
      out.push(`${i2}(local.get $h))))`);
      return;
    case 'loop':
      out.push(`${ind}${s.result ? '(drop ' : ''}(loop ${s.label}${s.result ? ' (result i32)' : ''}  ;; ${s.meta.what}`);
      renderStmts(s.body, i2, out);
      out.push(`${i2}(br_if ${s.label} ${renderExpr(s.cond)})`);
      if (s.result) out.push(`${i2}(i32.const 7)`);
      out.push(`${ind})${s.result ? ')' : ''}`);
      return;
  }
}
