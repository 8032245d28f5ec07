/* ktest, part three: processes (spawn, wait, kill, supervise, arguments
 * and handles passed at spawn) and the device calls' refusals.  The child
 * is kchild from the boot archive. */
#include <string.h>

#include "kt.h"
#include "ktest.h"

#define SEC 1000000000ULL

/* argc strings back to back from a NULL-terminated list. */
static size_t pack_args(char *out, size_t cap, const char *const *argv)
{
	size_t n = 0;

	for (; *argv; argv++) {
		size_t l = strlen(*argv) + 1;

		if (n + l > cap)
			break;
		memcpy(out + n, *argv, l);
		n += l;
	}
	return n;
}

static long spawn(const char *const *argv, struct sh_spawn *sp)
{
	char args[256];
	size_t n = pack_args(args, sizeof(args), argv);

	sp->prio = sp->prio ? sp->prio : SH_PRIO_DEFAULT;
	return sh_spawn_program("kchild", args, n, sp);
}

static void test_spawn_refusals(void)
{
	struct sh_spawn sp;
	const void *elf;
	size_t len;
	static const char junk[256] = "\177ELF but not really";
	long r, h;

	if (!kt_eq("bootfs.kchild", sh_bootfs_find("bin/kchild", &elf, &len), 0))
		return;
	kt_err("bootfs.missing", sh_bootfs_find("bin/nonesuch", &elf, &len), SH_ENOENT);
	memset(&sp, 0, sizeof(sp));
	sp.name = "bad";
	sp.prio = SH_PRIO_DEFAULT;
	kt_err("proc_spawn.junk", sh_proc_spawn(junk, sizeof(junk), &sp), SH_ENOEXEC);
	kt_err("proc_spawn.truncated", sh_proc_spawn(elf, 100, &sp), SH_ENOEXEC);
	kt_err("proc_spawn.empty", sh_proc_spawn(elf, 0, &sp), SH_ENOEXEC);
	kt_err("proc_spawn.elf_kernel", sh_proc_spawn((void *)KT_KERNEL_ADDR, len, &sp), SH_EFAULT);
	kt_err("proc_spawn.elf_unmapped", sh_proc_spawn((void *)KT_UNMAPPED, len, &sp), SH_EFAULT);
	{
		/* The first page of the ELF at the end of a one-page mapping,
		 * with a length reaching past it. */
		long f = sh_frame_create(1, 0);
		char *p = f >= 0 ? sh_map_frame((sh_handle_t)f, 1, SH_VM_READ | SH_VM_WRITE, NULL) : NULL;

		if (p) {
			memcpy(p, elf, SH_PAGE_SIZE);
			kt_err("proc_spawn.len_past_mapping",
			       sh_proc_spawn(p, len, &sp), SH_EFAULT);
			sh_vm_unmap(sh_self(), (uintptr_t)p, 1);
		}
		if (f >= 0)
			sh_cap_close((sh_handle_t)f);
	}
	kt_err("proc_spawn.spawn_null", sh_sys_proc_spawn((long)elf, (long)len, 0), SH_EFAULT);
	kt_err("proc_spawn.spawn_kernel",
	       sh_sys_proc_spawn((long)elf, (long)len, (long)KT_KERNEL_ADDR), SH_EFAULT);
	sp.nhandles = SH_SPAWN_HANDLES + 1;
	kt_err("proc_spawn.too_many_handles", sh_proc_spawn(elf, len, &sp), SH_EINVAL);
	sp.nhandles = 1;
	sp.handles[0] = 0x4444;
	kt_err("proc_spawn.bogus_handle", sh_proc_spawn(elf, len, &sp), SH_EBADH);
	h = sh_endpoint_create();
	sp.handles[0] = (sh_handle_t)sh_cap_dup((sh_handle_t)h, SH_R_WRITE);
	kt_err("proc_spawn.handle_without_grant", sh_proc_spawn(elf, len, &sp), SH_EPERM);
	sh_cap_close(sp.handles[0]);
	sp.nhandles = 0;
	sp.prio = SH_PRIO_MAX + 1;
	r = sh_proc_spawn(elf, len, &sp);
	kt_check("proc_spawn.prio_too_high", r < 0, "priority %d accepted: %ld", SH_PRIO_MAX + 1, r);
	if (r > 0) {
		sh_proc_kill((sh_handle_t)r);
		sh_cap_close((sh_handle_t)r);
	}
	sp.prio = SH_PRIO_DEFAULT;
	sp.supervisor = 0x4545;
	kt_err("proc_spawn.bogus_supervisor", sh_proc_spawn(elf, len, &sp), SH_EBADH);
	sp.supervisor = 0;
	sp.args = (const char *)KT_KERNEL_ADDR;
	sp.args_len = 8;
	kt_err("proc_spawn.args_kernel", sh_proc_spawn(elf, len, &sp), SH_EFAULT);
	sp.args = "kchild";
	sp.args_len = SH_ARGS_MAX + 1;
	r = sh_proc_spawn(elf, len, &sp);
	kt_check("proc_spawn.args_too_long", r < 0, "args_len %u accepted: %ld", SH_ARGS_MAX + 1, r);
	sp.args_len = 0;
	sp.name = (const char *)KT_KERNEL_ADDR;
	kt_err("proc_spawn.name_kernel", sh_proc_spawn(elf, len, &sp), SH_EFAULT);
	sh_cap_close((sh_handle_t)h);
}

static void test_lifecycle(void)
{
	static const char *const exit7[] = {"kchild", "exit", "7", NULL};
	static const char *const sleep_[] = {"kchild", "sleep", NULL};
	static const char *const args[] = {"kchild", "args", "x", "yz", NULL};
	static const char *const info[] = {"kchild", "info", NULL};
	static const char *const exitmt[] = {"kchild", "exitmt", NULL};
	static const char *const env[] = {"kchild", "env", NULL};
	static const char envs[] = "KT_A=1\0KT_B=two";
	struct sh_spawn sp;
	struct sh_cap_info ci;
	struct sh_notice note;
	struct sh_msg m;
	long c, r, h, ep;

	memset(&sp, 0, sizeof(sp));
	c = spawn(exit7, &sp);
	if (!kt_ok("proc_spawn.kchild", c))
		return;
	sh_cap_info((sh_handle_t)c, &ci);
	kt_eq("proc_spawn.vspace", ci.type, SH_OBJ_VSPACE);
	kt_eq("proc_spawn.all_rights", ci.rights, SH_R_ALL);
	kt_check("proc_spawn.thread_out", sp.thread != 0, "no main thread handle");
	kt_eq("proc_wait.exit_code", sh_proc_wait((sh_handle_t)c, 5 * SEC), 7);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);

	memset(&sp, 0, sizeof(sp));
	c = spawn(args, &sp);
	kt_eq("proc_spawn.args", sh_proc_wait((sh_handle_t)c, 5 * SEC), 4);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);

	memset(&sp, 0, sizeof(sp));
	h = sh_notif_create();
	sp.nhandles = 1;
	sp.handles[0] = (sh_handle_t)h;
	c = spawn(info, &sp);
	kt_eq("proc_spawn.handle_passed", sh_proc_wait((sh_handle_t)c, 5 * SEC),
	      SH_OBJ_NOTIFICATION);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	sh_cap_close((sh_handle_t)h);

	/* the environment reaches getenv */
	memset(&sp, 0, sizeof(sp));
	sp.env = envs;
	sp.env_len = sizeof(envs);
	c = spawn(env, &sp);
	kt_eq("proc_spawn.env", sh_proc_wait((sh_handle_t)c, 5 * SEC), 0);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);

	/* exit() from main ends every thread, with the code */
	memset(&sp, 0, sizeof(sp));
	c = spawn(exitmt, &sp);
	kt_eq("proc_exit.all_threads", sh_proc_wait((sh_handle_t)c, 5 * SEC), 9);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);

	/* kill and wait */
	memset(&sp, 0, sizeof(sp));
	c = spawn(sleep_, &sp);
	kt_err("proc_wait.timeout", sh_proc_wait((sh_handle_t)c, 0), SH_ETIMEDOUT);
	kt_err("proc_wait.timeout_10ms", sh_proc_wait((sh_handle_t)c, 10000000), SH_ETIMEDOUT);
	h = sh_cap_dup((sh_handle_t)c, SH_R_READ);
	kt_err("proc_kill.no_manage", sh_proc_kill((sh_handle_t)h), SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	h = sh_cap_dup((sh_handle_t)c, SH_R_MANAGE);
	kt_err("proc_wait.no_read", sh_proc_wait((sh_handle_t)h, 0), SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	kt_eq("proc_kill", sh_proc_kill((sh_handle_t)c), 0);
	r = sh_proc_wait((sh_handle_t)c, 5 * SEC);
	kt_check("proc_wait.after_kill", r != -SH_ETIMEDOUT && r != -SH_EBADH,
		 "proc_wait after kill gave %ld (%s)", r, kt_errname(r));
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	kt_err("proc_kill.bad", sh_proc_kill(0), SH_EBADH);
	kt_err("proc_wait.bad", sh_proc_wait(0x4321, 0), SH_EBADH);
	h = sh_notif_create();
	kt_err("proc_kill.not_vspace", sh_proc_kill((sh_handle_t)h), SH_EBADH);
	sh_cap_close((sh_handle_t)h);

	/* An exit notice reaches the supervisor endpoint. */
	ep = sh_endpoint_create();
	memset(&sp, 0, sizeof(sp));
	sp.supervisor = (sh_handle_t)ep;
	c = spawn(exit7, &sp);
	memset(&m, 0, sizeof(m));
	memset(&note, 0, sizeof(note));
	m.buf = &note;
	m.cap = sizeof(note);
	r = sh_ipc_recv((sh_handle_t)ep, &m);
	kt_eq("supervisor.notice_rcvid", r, 0);
	kt_check("supervisor.exit_tag", m.tag == SH_TAG_EXIT, "tag %#llx",
		 (unsigned long long)m.tag);
	kt_eq("supervisor.exit_kind", note.kind, SH_EXIT_NORMAL);
	kt_eq("supervisor.exit_code", note.code, 7);
	kt_eq("supervisor.notice_len", m.len, sizeof(note));
	sh_proc_wait((sh_handle_t)c, 5 * SEC);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);

	/* proc_supervise: rights on both sides */
	memset(&sp, 0, sizeof(sp));
	c = spawn(sleep_, &sp);
	h = sh_cap_dup((sh_handle_t)ep, SH_R_READ);
	kt_err("proc_supervise.ep_no_write", sh_proc_supervise((sh_handle_t)c, (sh_handle_t)h),
	       SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	h = sh_cap_dup((sh_handle_t)c, SH_R_READ);
	kt_err("proc_supervise.no_manage", sh_proc_supervise((sh_handle_t)h, (sh_handle_t)ep),
	       SH_EPERM);
	sh_cap_close((sh_handle_t)h);
	kt_err("proc_supervise.bad_ep", sh_proc_supervise((sh_handle_t)c, 0x999), SH_EBADH);
	kt_eq("proc_supervise", sh_proc_supervise((sh_handle_t)c, (sh_handle_t)ep), 0);
	sh_proc_kill((sh_handle_t)c);
	memset(&m, 0, sizeof(m));
	m.buf = &note;
	m.cap = sizeof(note);
	r = sh_ipc_recv((sh_handle_t)ep, &m);
	kt_check("supervisor.killed_notice", r == 0 && m.tag == SH_TAG_EXIT &&
		 note.kind == SH_EXIT_KILLED, "rcvid %ld tag %#llx kind %u", r,
		 (unsigned long long)m.tag, note.kind);
	sh_proc_wait((sh_handle_t)c, 5 * SEC);
	if (sp.thread)
		sh_cap_close(sp.thread);
	sh_cap_close((sh_handle_t)c);
	sh_cap_close((sh_handle_t)ep);
}

void ktest_proc(void)
{
	test_spawn_refusals();
	test_lifecycle();
}

void ktest_dev(void)
{
	sh_handle_t silo = sh_start_info()->silo;
	long h, r;

	if (!kt_check("dev.init_has_silo", silo != 0, "no root silo in the start record"))
		return;
	kt_err("dev_frame.bad_silo", sh_dev_frame(0, 0x09000000, 4096), SH_EBADH);
	kt_err("dev_frame.not_silo", sh_dev_frame(sh_self(), 0x09000000, 4096), SH_EBADH);
	kt_err("dev_frame.ram", sh_dev_frame(silo, 0x40000000, 4096), SH_EINVAL);
	kt_err("dev_frame.zero_size", sh_dev_frame(silo, 0x09000000, 0), SH_EINVAL);
	kt_err("dev_frame.wraps", sh_dev_frame(silo, 0xfffffffffffff000ULL, 0x2000), SH_EINVAL);
	h = sh_cap_dup(silo, SH_R_READ);
	if (h > 0) {
		kt_err("dev_frame.no_manage", sh_dev_frame((sh_handle_t)h, 0x09000000, 4096),
		       SH_EPERM);
		kt_err("irq_claim.no_manage", sh_irq_claim((sh_handle_t)h, 33), SH_EPERM);
		sh_cap_close((sh_handle_t)h);
	}
	kt_err("irq_claim.bad_silo", sh_irq_claim(0, 33), SH_EBADH);
	/* 27: the virtual timer's PPI, bedrock's tick. */
	r = sh_irq_claim(silo, 27);
	kt_err("irq_claim.kernel_timer", r, SH_EBUSY);
	if (r > 0)
		sh_cap_close((sh_handle_t)r);
	kt_err("irq_claim.no_such_line", sh_irq_claim(silo, 100000), SH_EINVAL);
	kt_err("irq_bind.bad_irq", sh_irq_bind(0, 0, 1), SH_EBADH);
	r = sh_notif_create();
	kt_err("irq_bind.irq_is_notif", sh_irq_bind((sh_handle_t)r, (sh_handle_t)r, 1), SH_EBADH);
	sh_cap_close((sh_handle_t)r);
	kt_err("irq_ack.bad", sh_irq_ack(0x2468), SH_EBADH);
}
