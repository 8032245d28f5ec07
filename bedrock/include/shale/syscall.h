/* Shale system call ABI: numbers (from syscall.def), the structures that
 * cross the boundary, and each call's contract.  Shared by bedrock, libc
 * and every user program.  All calls return a value >= 0 or -SH_E*; any
 * call taking a handle returns -SH_EBADH for a bad one (wrong number,
 * closed, stale, wrong type) and -SH_EPERM when it lacks the right named;
 * any call taking a user pointer returns -SH_EFAULT when the memory is not
 * mapped with the access needed. */
#ifndef SHALE_SYSCALL_H
#define SHALE_SYSCALL_H

#include <stdint.h>
#include <shale/rights.h>

enum sh_sysno {
#define SYSCALL(num, name, nargs) SYS_##name = num,
#include <shale/syscall.def>
#undef SYSCALL
	SYS_COUNT
};

/* ---- messages ---------------------------------------------------------- */

#define SH_MSG_MAX	65536u	/* most data bytes one message carries */
#define SH_MSG_HANDLES	4u	/* most handles one message carries */

/* One IPC message, in the caller's memory.  On send the kernel reads tag,
 * buf[0..len) and handles[0..nhandles); on receive it writes tag, badge,
 * len, nhandles, handles and buf[0..len) (len <= cap, or the sender gets
 * -SH_E2BIG and nothing moves).  A handle is passed as a copy derived from
 * the sender's (which needs SH_R_GRANT on it); the sender keeps its own. */
struct sh_msg {
	uint64_t tag;		/* the sender's label: request code, status */
	uint64_t badge;		/* receive: badge of the handle the sender used */
	void *buf;		/* data */
	uint32_t len;		/* bytes of data sent / received */
	uint32_t cap;		/* receive: room in buf */
	uint32_t nhandles;
	uint32_t reserved;	/* 0 */
	sh_handle_t handles[SH_MSG_HANDLES];
};

/* Tags of messages the kernel itself sends to a supervisor endpoint.  They
 * need no reply (their rcvid is 0); their data is a struct sh_notice. */
#define SH_TAG_KERNEL	0xffff000000000000ULL
#define SH_TAG_FAULT	(SH_TAG_KERNEL | 1)	/* a thread faulted and is stopped */
#define SH_TAG_EXIT	(SH_TAG_KERNEL | 2)	/* a process ended */

/* Fault kinds. */
#define SH_FAULT_DATA	1	/* bad load/store: addr is the address */
#define SH_FAULT_INSN	2	/* bad instruction fetch */
#define SH_FAULT_UNDEF	3	/* undefined instruction */
#define SH_FAULT_ALIGN	4	/* PC or SP misaligned */
#define SH_FAULT_OTHER	5

/* Why a process ended. */
#define SH_EXIT_NORMAL	0	/* its last thread called exit */
#define SH_EXIT_KILLED	1	/* proc_kill */
#define SH_EXIT_FAULT	2	/* a fault with no supervisor */

struct sh_notice {
	uint64_t pid;		/* process id (as in sys_stat) */
	uint64_t tid;		/* thread id, for faults */
	uint32_t kind;		/* SH_FAULT_* or SH_EXIT_* */
	int32_t code;		/* exit code */
	uint64_t addr;		/* fault address */
	uint64_t pc;		/* faulting instruction */
	uint64_t esr;		/* raw syndrome, for the curious */
};

/* ---- memory ------------------------------------------------------------ */

#define SH_PAGE_SIZE	4096u

/* frame_create flags */
#define SH_FRAME_CONTIG	1u	/* physically contiguous (for DMA) */

/* vm_map permissions; write and execute together are refused */
#define SH_VM_READ	1u
#define SH_VM_WRITE	2u
#define SH_VM_EXEC	4u

/* User addresses: [SH_USER_LO, SH_USER_HI). */
#define SH_USER_LO	0x0000000000010000ULL
#define SH_USER_HI	0x0000800000000000ULL

struct sh_cap_info {
	uint32_t type;		/* SH_OBJ_* */
	uint32_t rights;	/* SH_R_* */
	uint64_t badge;
	uint64_t size;		/* frames: bytes */
};

struct sh_frame_info {
	uint64_t size;		/* bytes */
	uint64_t phys;		/* physical address if contiguous or device, else 0 */
	uint32_t device;	/* 1 for MMIO */
	uint32_t reserved;
};

/* ---- processes --------------------------------------------------------- */

#define SH_PRIO_MAX	31
#define SH_PRIO_DEFAULT	16
#define SH_SPAWN_HANDLES 16u
#define SH_ARGS_MAX	2048u	/* bytes of argument strings */
#define SH_ENV_MAX	2048u	/* bytes of environment strings */
#define SH_NAME_MAX	32u

/* What proc_spawn starts: the ELF image is in the caller's memory. */
struct sh_spawn {
	const char *name;		/* for sys:procs and logs */
	const char *args;		/* argc NUL-terminated strings back to back */
	uint32_t args_len;		/* bytes in args */
	uint32_t prio;			/* main thread priority, <= the caller's */
	uint32_t nhandles;		/* handles granted to the child (GRANT needed) */
	sh_handle_t handles[SH_SPAWN_HANDLES];
	sh_handle_t supervisor;		/* endpoint for fault/exit notices, or 0 */
	sh_handle_t thread;		/* out: the main thread */
	uint64_t stack_size;		/* 0: default (64 KiB) */
	sh_handle_t silo;		/* silo to start it in (MANAGE), 0: the caller's */
	uint32_t env_len;		/* bytes in env */
	const char *env;		/* "NAME=value" strings back to back, NUL-ended */
	sh_rights_t handle_rights[SH_SPAWN_HANDLES];	/* per handle: the child's
					 * rights, a subset of the caller's (EPERM
					 * otherwise); 0 keeps them all */
};

/* Where a process finds itself: x0 of its first thread points here.  The
 * first process (init) also gets the root silo (all authority: dev_frame,
 * irq_claim), the boot archive (a cpio "newc" image) and the device tree,
 * each as a handle; others get 0 there unless their parent passes them on. */
#define SH_START_MAGIC 0x5348414c45535452ULL	/* "SHALESTR" */
struct sh_start {
	uint64_t magic;
	sh_handle_t self;		/* own VSpace (the process), all rights */
	sh_handle_t thread;		/* own main thread */
	sh_handle_t silo;		/* init: the root silo */
	sh_handle_t bootfs;		/* init: frame holding the boot archive */
	sh_handle_t dtb;		/* init: frame holding the device tree */
	uint32_t nhandles;		/* handles granted by the parent */
	sh_handle_t handles[SH_SPAWN_HANDLES];
	uint32_t argc;
	uint32_t args_len;
	const char *args;		/* argc strings back to back */
	uint64_t pid;
	uint64_t bootfs_size;		/* bytes of the archive in its frame */
	uint64_t dtb_size;
	const char *env;		/* environment: "NAME=value" strings back to back */
	uint32_t env_len;
	uint32_t envc;
};

/* ---- silos --------------------------------------------------------------- */

/* Quota kinds for silo_limit and struct sh_silo_stat. */
#define SH_QUOTA_PAGES		0	/* 4 KiB pages: memory, tables, stacks */
#define SH_QUOTA_THREADS	1
#define SH_QUOTA_HANDLES	2
#define SH_QUOTA_KMEM		3	/* kernel heap bytes for objects */
#define SH_QUOTA_KINDS		4
#define SH_QUOTA_UNLIMITED	UINT64_MAX

#define SH_SILO_LOG		4096	/* bytes of console output a silo keeps */

#define SH_SILO_RUNNING		0
#define SH_SILO_SUSPENDED	1
#define SH_SILO_DEAD		2	/* killed: no process may start in it */

struct sh_silo_stat {
	uint64_t id;
	uint64_t used[SH_QUOTA_KINDS];
	uint64_t limit[SH_QUOTA_KINDS];
	uint32_t state;			/* SH_SILO_* */
	uint32_t nprocs;		/* live processes in it (not sub-silos) */
	char name[SH_NAME_MAX];
};

struct sh_proc_info {
	uint64_t pid;
	uint64_t silo_id;
	uint32_t nthreads;
	uint32_t state;			/* 0 alive, 1 ended */
	uint64_t cpu_ns;		/* CPU time used */
	char name[SH_NAME_MAX];
};

/* sys_power */
#define SH_POWER_OFF	1
#define SH_POWER_REBOOT	2

/* ---- sys_stat ---------------------------------------------------------- */

#define SH_STAT_MEM	1	/* struct sh_stat_mem */
#define SH_STAT_KLOG	2	/* always EPERM: the kernel log is silo_log on the root silo */
#define SH_STAT_SELF	3	/* struct sh_stat_self: the caller's usage */
#define SH_STAT_CPUS	4	/* struct sh_stat_cpus */
#define SH_STAT_LOCK	5	/* struct sh_stat_lock: kernel-lock hold times */

struct sh_stat_mem {
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t objects;	/* live processes and threads */
	/* appended: for leak checks (tests compare them before and after) */
	uint64_t kobjs;		/* live kernel objects of every type */
	uint64_t handles;	/* open handles in every process */
	uint64_t heap_pages;	/* pages the kernel heap holds (it keeps them) */
	uint64_t quota_pages;	/* pages charged to the root silo's quota */
};

struct sh_stat_klog {
	uint64_t pos;		/* in/out: offset in the log */
	char *buf;
	uint32_t cap;
	uint32_t len;		/* out */
};

struct sh_stat_self {
	uint64_t pid;
	uint64_t pages;		/* pages the process maps, plus its page tables */
	uint64_t handles;	/* open handles in its table */
	uint64_t threads;	/* its live threads */
};

/* Longest kernel-lock hold per kind of trap since boot, in cycles of the
 * CPU counter (guest instructions under -icount): index = system call
 * number, then a fault, then an interrupt.  Machine-wide timing, like
 * SH_STAT_MEM: no right needed. */
#define SH_LOCK_FAULT	62
#define SH_LOCK_IRQ	63
#define SH_LOCK_KINDS	64
struct sh_stat_lock {
	uint64_t max;			/* the longest of all */
	uint32_t max_kind;		/* and its kind */
	uint32_t reserved;
	uint64_t longest[SH_LOCK_KINDS];
	uint64_t count[SH_LOCK_KINDS];	/* traps of each kind */
};

struct sh_stat_cpus {
	uint32_t ncpus;		/* CPUs running the scheduler */
	uint32_t this_cpu;
	uint64_t ticks;
};

/* ---- the calls --------------------------------------------------------- *
 * debug_write(buf, len) -> len.  Kernel console, len <= 4096 (E2BIG);
 *     also kept in the kernel log and the caller's silo log.  Printed up
 *     to a NUL, whole: no other write comes between its bytes.
 * console_write(buf, len) -> len.  As debug_write, but every byte (NULs
 *     too), on the console only, in no log: for the console's server
 *     (consd), whose output is the terminal, not a record.  It shares
 *     debug_write's lock, so a terminal's output and programs' lines never
 *     mix mid-write.
 * exit(code): ends the calling thread; the last one ends its process.
 * yield() -> 0.  sleep(ns) -> 0.  clock() -> ns since boot.
 * cap_dup(h, rights) -> h: needs DUP; rights a subset (EPERM).
 * cap_mint(h, rights, badge) -> h: unbadged endpoint, needs DUP.
 * cap_close(h) -> 0.  cap_revoke(h) -> 0: closes every handle derived from h.
 * cap_info(h, struct sh_cap_info *) -> 0.
 * frame_create(npages, flags) -> h with READ WRITE MAP DUP GRANT: zeroed
 *     pages charged to the caller's quota (EQUOTA, ENOMEM; EINVAL for 0 or
 *     more than 65536 pages).
 * vm_map(vspace, frame, va, perms, offset_pages) -> 0: maps the frame from
 *     offset to its end at va.  vspace needs MANAGE, frame needs MAP plus
 *     READ (and WRITE for SH_VM_WRITE).  EINVAL: misaligned, outside the user
 *     range, W+X, EXEC on a device frame, EXEC of a frame mapped writable
 *     anywhere or WRITE of one mapped executable (W^X per frame).  EEXIST:
 *     something is mapped there.  ENOSPC: the process has 16,384 mappings.
 *     EDEAD: the process ended.
 * vm_unmap(vspace, va, npages) -> 0: needs MANAGE; unmapped pages ignored;
 *     EDEAD once the process ended.
 * endpoint_create() -> h with READ WRITE GRANT DUP MANAGE.
 * ipc_call(ep, msg) -> 0: sends msg (ep needs WRITE), waits for the reply,
 *     which overwrites msg.  EDEAD: the server died before replying.
 *     E2BIG: data beyond the receiver's cap, or the reply beyond msg->cap.
 * ipc_recv(ep, msg) -> rcvid (> 0; 0 for kernel notices): waits for a
 *     message (ep needs READ).
 * ipc_reply(rcvid, msg) -> 0: answers the call rcvid; EDEAD if the caller
 *     is gone (not an error for the server to worry about), EINVAL for an
 *     rcvid that is not pending in this process.
 * ipc_reply_recv(ep, rcvid, reply, msg) -> rcvid: reply (if rcvid != 0),
 *     then receive, in one call.
 * notif_create() -> h with READ WRITE SIGNAL DUP GRANT.
 * notif_signal(h, bits) -> 0: needs SIGNAL; ORs bits in and wakes a waiter.
 * notif_wait(h, timeout_ns) -> bits: needs READ; returns and clears the
 *     pending bits, waiting up to timeout_ns (UINT64_MAX: forever, 0: poll)
 *     (ETIMEDOUT).
 * thread_create(vspace, entry, sp, arg, prio) -> h: a stopped thread in
 *     vspace (needs MANAGE); prio <= the caller's (EPERM).  EQUOTA.
 * thread_start(h) -> 0: needs MANAGE; starts or resumes a stopped thread.
 * thread_kill(h) -> 0: needs MANAGE.
 * irq_bind(irq, notif, bits) -> 0: irq needs MANAGE, notif SIGNAL; the line
 *     is unmasked and each interrupt masks it and signals bits.
 * irq_ack(irq) -> 0: needs SIGNAL; unmasks the line again.
 * proc_spawn(elf, len, struct sh_spawn *) -> VSpace handle (all rights):
 *     validates the ELF (ENOEXEC, printed with what and where), loads it,
 *     grants the listed handles, starts the main thread.
 * proc_supervise(vspace, ep) -> 0: fault and exit notices of vspace go to
 *     ep (MANAGE on vspace, WRITE on ep); ep 0 clears.
 * proc_kill(vspace) -> 0: needs MANAGE.
 * frame_info(frame, struct sh_frame_info *) -> 0: needs READ; phys (of a
 *     contiguous or device frame) only with MANAGE too, which the handle
 *     frame_create/dev_frame return has (pass it on for DMA), else 0.
 * sys_stat(which, void *out) -> 0: SH_STAT_*; EINVAL for an unknown one.
 * thread_set_prio(h, prio) -> 0: MANAGE; prio <= the caller's.
 * proc_wait(vspace, timeout_ns) -> exit code: waits for the process to
 *     end (READ); ETIMEDOUT.
 * dev_frame(silo, phys, size) -> frame h for MMIO: silo needs MANAGE and
 *     must be the root silo (EPERM); the range must lie in a device region
 *     of the device tree, not RAM (EINVAL).
 * irq_claim(silo, intid) -> irq h: root silo with MANAGE; EBUSY if the
 *     line is claimed already or used by the kernel, EINVAL if none.
 * silo_create(parent, name) -> silo h (all rights): a silo inside parent
 *     (MANAGE), whose quotas count against the parent's too.  EDEAD if the
 *     parent was killed, ENAMETOOLONG.
 * silo_limit(silo, kind, value) -> 0: MANAGE; EBUSY below current use;
 *     EDEAD once it (or a parent) was killed, as for silo_kill.
 * silo_stat(silo, struct sh_silo_stat *) -> 0: READ.
 * silo_kill(silo) -> 0: MANAGE; ends every process in it and its sub-silos
 *     and forbids new ones; their memory and handles are reclaimed.
 * silo_suspend(silo, on) -> 0: MANAGE; stops (on=1) or continues (0) every
 *     thread in the silo and its sub-silos (EDEAD if it or a parent was
 *     killed).  A thread whose silo is suspended while its system call
 *     waits to enter the kernel makes that call after the resume.
 * proc_list(silo, struct sh_proc_info *buf, n) -> count: READ; the live
 *     processes in the silo and its sub-silos, at most n written.
 * silo_log(silo, struct sh_stat_klog *) -> 0: READ; reads the silo's
 *     console log (what its processes wrote with debug_write, last
 *     SH_SILO_LOG bytes) from pos on.  On the root silo it reads the
 *     kernel log (every silo's output): READ on the root silo is the
 *     right to the kernel log, and SH_STAT_KLOG is refused (EPERM).
 *     proc_supervise(vs, ep) on a dead process is EDEAD; a sub-silo of a
 *     killed silo is dead too (silo_stat says so, nothing starts there).
 * proc_exit(code) -> does not return: ends every thread of the calling
 *     process; its supervisor and proc_wait see SH_EXIT_NORMAL and code.
 * sys_power(silo, how) -> does not return: the root silo with MANAGE;
 *     SH_POWER_OFF or SH_POWER_REBOOT through PSCI (EINVAL otherwise,
 *     ENOTSUP without PSCI).  Stopping silos first is silod's job.
 */

#endif
