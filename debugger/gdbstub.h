/* The gdb remote stub (gdbstub.c): a front end beside the console that
 * serves gdb's remote protocol over TCP (--gdb [HOST:]PORT) on the same
 * debugger core.  docs/debugging.md has the gdb session. */
#ifndef GLASSPC_DEBUGGER_GDBSTUB_H
#define GLASSPC_DEBUGGER_GDBSTUB_H

struct debugger;

/* Listens on the --gdb address and prints "glasspc: gdb stub listening
 * on HOST:PORT" to stderr.  Returns 0, or -1 after a one-line message
 * (bad host, port in use). */
int gdbstub_open(struct debugger *d);
/* Waits for gdb, then serves it until it kills the machine (d->quit),
 * or, after a detach, until the guest ends; gdb may attach again while
 * the guest runs.  Returns with d->stop saying why the guest stopped. */
void gdbstub_serve(struct debugger *d);
void gdbstub_close(struct debugger *d);

#endif
