/* Shale's system interface for user programs: raw system call stubs (one
 * per line of syscall.def), typed wrappers, and the few helpers libc
 * builds on them (the start record, the heap, threads, mapping frames, the
 * boot archive, spawning programs).  The C library proper (stdio, strings,
 * malloc, math) is picolibc's; see libc/README.md.
 *
 * Every sh_* call returns a value >= 0 on success or a negative SH_E* code
 * (shale/errors.h); none of them touch errno. */
#ifndef SHALE_H
#define SHALE_H

#include <stddef.h>
#include <stdint.h>

#include <shale/errors.h>
#include <shale/rights.h>
#include <shale/syscall.h>

/* ---- raw stubs ---------------------------------------------------------
 * sh_sys_NAME(a0, ...) issues system call SYS_NAME with as many long
 * arguments as syscall.def says (svc #0, number in x8, arguments in x0..,
 * result in x0).  They check nothing: the exerciser calls them with junk. */
#define SH_ARGS_0 void
#define SH_ARGS_1 long
#define SH_ARGS_2 long, long
#define SH_ARGS_3 long, long, long
#define SH_ARGS_4 long, long, long, long
#define SH_ARGS_5 long, long, long, long, long
#define SH_ARGS_6 long, long, long, long, long, long
#define SYSCALL(num, name, nargs) long sh_sys_##name(SH_ARGS_##nargs);
#include <shale/syscall.def>
#undef SYSCALL

/* Any system call by number, with six arguments (unused ones ignored). */
long sh_syscall(long num, long a0, long a1, long a2, long a3, long a4, long a5);

/* The number of arguments of call num (from syscall.def), -1 if none. */
int sh_syscall_nargs(long num);
/* The name of call num, or NULL. */
const char *sh_syscall_name(long num);

/* ---- typed wrappers ---------------------------------------------------- */

static inline long sh_debug_write(const void *buf, size_t len)
{ return sh_sys_debug_write((long)buf, (long)len); }
/* The console alone, in no log (consd's terminal output). */
static inline long sh_console_write(const void *buf, size_t len)
{ return sh_sys_console_write((long)buf, (long)len); }
/* Ends the calling thread only; exit() ends the process. */
static inline _Noreturn void sh_thread_exit(int code)
{ sh_sys_exit(code); __builtin_unreachable(); }
static inline long sh_yield(void) { return sh_sys_yield(); }
static inline long sh_sleep(uint64_t ns) { return sh_sys_sleep((long)ns); }
static inline long sh_clock(void) { return sh_sys_clock(); }
static inline long sh_cap_dup(sh_handle_t h, sh_rights_t r)
{ return sh_sys_cap_dup(h, r); }
static inline long sh_cap_mint(sh_handle_t h, sh_rights_t r, uint64_t badge)
{ return sh_sys_cap_mint(h, r, (long)badge); }
static inline long sh_cap_close(sh_handle_t h) { return sh_sys_cap_close(h); }
static inline long sh_cap_revoke(sh_handle_t h) { return sh_sys_cap_revoke(h); }
static inline long sh_cap_info(sh_handle_t h, struct sh_cap_info *out)
{ return sh_sys_cap_info(h, (long)out); }
static inline long sh_frame_create(uint64_t npages, uint32_t flags)
{ return sh_sys_frame_create((long)npages, flags); }
static inline long sh_vm_map(sh_handle_t vs, sh_handle_t frame, uintptr_t va,
			     uint32_t perms, uint64_t offset_pages)
{ return sh_sys_vm_map(vs, frame, (long)va, perms, (long)offset_pages); }
static inline long sh_vm_unmap(sh_handle_t vs, uintptr_t va, uint64_t npages)
{ return sh_sys_vm_unmap(vs, (long)va, (long)npages); }
static inline long sh_endpoint_create(void) { return sh_sys_endpoint_create(); }
static inline long sh_ipc_call(sh_handle_t ep, struct sh_msg *m)
{ return sh_sys_ipc_call(ep, (long)m); }
static inline long sh_ipc_recv(sh_handle_t ep, struct sh_msg *m)
{ return sh_sys_ipc_recv(ep, (long)m); }
static inline long sh_ipc_reply(long rcvid, struct sh_msg *m)
{ return sh_sys_ipc_reply(rcvid, (long)m); }
static inline long sh_ipc_reply_recv(sh_handle_t ep, long rcvid,
				     struct sh_msg *reply, struct sh_msg *m)
{ return sh_sys_ipc_reply_recv(ep, rcvid, (long)reply, (long)m); }
static inline long sh_notif_create(void) { return sh_sys_notif_create(); }
static inline long sh_notif_signal(sh_handle_t n, uint64_t bits)
{ return sh_sys_notif_signal(n, (long)bits); }
static inline long sh_notif_wait(sh_handle_t n, uint64_t timeout_ns)
{ return sh_sys_notif_wait(n, (long)timeout_ns); }
static inline long sh_thread_create(sh_handle_t vs, uintptr_t entry,
				    uintptr_t sp, uintptr_t arg, uint32_t prio)
{ return sh_sys_thread_create(vs, (long)entry, (long)sp, (long)arg, prio); }
static inline long sh_thread_start(sh_handle_t t) { return sh_sys_thread_start(t); }
static inline long sh_thread_kill(sh_handle_t t) { return sh_sys_thread_kill(t); }
static inline long sh_irq_bind(sh_handle_t irq, sh_handle_t notif, uint64_t bits)
{ return sh_sys_irq_bind(irq, notif, (long)bits); }
static inline long sh_irq_ack(sh_handle_t irq) { return sh_sys_irq_ack(irq); }
static inline long sh_proc_spawn(const void *elf, size_t len, struct sh_spawn *sp)
{ return sh_sys_proc_spawn((long)elf, (long)len, (long)sp); }
static inline long sh_proc_supervise(sh_handle_t vs, sh_handle_t ep)
{ return sh_sys_proc_supervise(vs, ep); }
static inline long sh_proc_kill(sh_handle_t vs) { return sh_sys_proc_kill(vs); }
/* Ends every thread of this process; exit() calls it. */
static inline _Noreturn void sh_proc_exit(int code)
{ sh_sys_proc_exit(code); for (;;) sh_sys_exit(code); }
static inline long sh_frame_info(sh_handle_t f, struct sh_frame_info *out)
{ return sh_sys_frame_info(f, (long)out); }
static inline long sh_stat(int which, void *out)
{ return sh_sys_sys_stat(which, (long)out); }
static inline long sh_thread_set_prio(sh_handle_t t, uint32_t prio)
{ return sh_sys_thread_set_prio(t, prio); }
static inline long sh_proc_wait(sh_handle_t vs, uint64_t timeout_ns)
{ return sh_sys_proc_wait(vs, (long)timeout_ns); }
static inline long sh_dev_frame(sh_handle_t silo, uint64_t phys, uint64_t size)
{ return sh_sys_dev_frame(silo, (long)phys, (long)size); }
static inline long sh_irq_claim(sh_handle_t silo, uint32_t intid)
{ return sh_sys_irq_claim(silo, intid); }

/* ---- the process ------------------------------------------------------- */

/* The start record the kernel gave this process (never NULL after crt0). */
const struct sh_start *sh_start_info(void);
/* Own VSpace handle (all rights), from the start record. */
sh_handle_t sh_self(void);

/* ---- memory ------------------------------------------------------------ */

/* Where libc puts things in the address space.  The program image sits at
 * 0x400000 (libc/user.ld); the kernel chooses the main stack. */
#define SH_HEAP_BASE	0x0000001000000000ULL	/* sbrk grows up from here */
#define SH_HEAP_LIMIT	0x0000002000000000ULL	/* 64 GiB of room, not of memory */
#define SH_VA_BASE	0x0000002000000000ULL	/* sh_va_reserve hands out from here */
#define SH_VA_LIMIT	0x0000003000000000ULL

/* Reserves size bytes (rounded up to pages) of address space that nothing
 * else in this process will use.  Returns the address, or 0 when the range
 * is used up.  Thread-safe; never released. */
uintptr_t sh_va_reserve(size_t size);

/* Maps npages of frame (from page 0) at a fresh address with perms
 * (SH_VM_*).  Returns the address, or 0 and *err (if err) set to -SH_E*. */
void *sh_map_frame(sh_handle_t frame, size_t npages, uint32_t perms, long *err);

/* Bytes of heap mapped so far (for tests of exhaustion). */
size_t sh_heap_mapped(void);

/* ---- threads ----------------------------------------------------------- */

/* Starts fn(arg) on a new thread of this process at priority prio, with
 * its own stack (stack_size bytes, 0 for 64 KiB) above an unmapped guard
 * page, and its own TLS block.  Returns the thread handle, or -SH_E*. */
long sh_thread_spawn(void (*fn)(void *), void *arg, uint32_t prio,
		     size_t stack_size);

/* Waits until the thread h (from sh_thread_spawn) has returned from its
 * function, polling every millisecond.  Returns 0, -SH_ETIMEDOUT, or
 * -SH_EBADH if h is not a thread libc started. */
int sh_thread_join(long h, uint64_t timeout_ns);

/* ---- the boot archive and programs ------------------------------------- */

/* Finds path (e.g. "bin/ktest") in the boot archive, mapping the archive
 * read-only on first use (the process needs the bootfs handle: init has
 * it, others if their parent passed it).  Returns 0 with *data and *size
 * set, -SH_ENOENT, -SH_EBADMSG, -SH_EBADH when there is no archive. */
int sh_bootfs_find(const char *path, const void **data, size_t *size);

/* Spawns bin/<name> from the boot archive.  args: argc strings back to
 * back (args_len bytes, may be NULL/0); sp says prio, handles and the
 * supervisor (name, args and args_len are filled here).  Returns the child's
 * VSpace handle or -SH_E*. */
long sh_spawn_program(const char *name, const char *args, size_t args_len,
		      struct sh_spawn *sp);

/* ---- errors ------------------------------------------------------------ */

/* The POSIX errno closest to an SH_E* code (positive or negative). */
int sh_errno(long err);

#endif
