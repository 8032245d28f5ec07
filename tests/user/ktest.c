/* ktest: every system call with valid and invalid arguments (bogus, closed
 * and stale handles, missing rights, kernel addresses, unmapped buffers,
 * oversized messages).  Runs as init (init=ktest); the sentinel is
 * "ktest: N passed, M failed".  IPC, notifications and threads are in
 * ktest_ipc.c, processes and devices in ktest_proc.c. */
#include <stdio.h>
#include <string.h>

#include "kt.h"
#include "ktest.h"

static void test_debug_write(void)
{
	static const char line[] = "ktest: note debug_write says hello\n";
	char *page;
	long err;
	long f;

	kt_eq("debug_write.valid", sh_sys_debug_write((long)line, sizeof(line) - 1),
	      sizeof(line) - 1);
	kt_eq("debug_write.empty", sh_sys_debug_write((long)line, 0), 0);
	kt_err("debug_write.null", sh_sys_debug_write(0, 5), SH_EFAULT);
	kt_err("debug_write.kernel_addr",
	       sh_sys_debug_write((long)KT_KERNEL_ADDR, 16), SH_EFAULT);
	kt_err("debug_write.unmapped", sh_sys_debug_write((long)KT_UNMAPPED, 16),
	       SH_EFAULT);
	kt_err("debug_write.too_long", sh_sys_debug_write((long)line, 4097), SH_E2BIG);
	kt_err("debug_write.wraps", sh_sys_debug_write(-16L, 32), SH_EFAULT);
	/* A buffer whose last bytes run off the end of a mapping. */
	f = sh_frame_create(1, 0);
	page = f >= 0 ? sh_map_frame((sh_handle_t)f, 1, SH_VM_READ | SH_VM_WRITE, &err) : NULL;
	if (kt_check("debug_write.setup", page != NULL, "frame/map failed")) {
		memset(page, 'x', SH_PAGE_SIZE);
		kt_err("debug_write.straddles_end",
		       sh_sys_debug_write((long)(page + SH_PAGE_SIZE - 8), 16), SH_EFAULT);
		page[SH_PAGE_SIZE - 1] = '\n';
		kt_eq("debug_write.page_end",
		      sh_sys_debug_write((long)(page + SH_PAGE_SIZE - 1), 1), 1);
		sh_vm_unmap(sh_self(), (uintptr_t)page, 1);
	}
	if (f >= 0)
		sh_cap_close((sh_handle_t)f);
}

static void test_nosys(void)
{
	kt_err("nosys.count", sh_syscall(SYS_COUNT, 0, 0, 0, 0, 0, 0), SH_ENOSYS);
	kt_err("nosys.big", sh_syscall(100000, 1, 2, 3, 4, 5, 6), SH_ENOSYS);
	kt_err("nosys.negative", sh_syscall(-1, 0, 0, 0, 0, 0, 0), SH_ENOSYS);
	kt_err("nosys.high_bit", sh_syscall((long)0x8000000000000001ULL, 0, 0, 0, 0, 0, 0),
	       SH_ENOSYS);
}

static void test_time(void)
{
	long t0, t1;

	t0 = sh_clock();
	kt_check("clock.positive", t0 > 0, "clock() = %ld", t0);
	kt_eq("yield", sh_yield(), 0);
	kt_eq("sleep.10ms", sh_sleep(10000000), 0);
	t1 = sh_clock();
	kt_check("sleep.took_10ms", t1 - t0 >= 10000000, "slept %ld ns", t1 - t0);
	kt_check("sleep.not_forever", t1 - t0 < 2000000000L, "slept %ld ns", t1 - t0);
	kt_eq("sleep.zero", sh_sleep(0), 0);
}

static void test_caps(void)
{
	struct sh_cap_info ci;
	long ep, h2, h3, h4, f, r;
	struct sh_stat_self before, after;

	before = kt_self();
	kt_eq("cap_info.self", sh_cap_info(sh_self(), &ci), 0);
	kt_eq("cap_info.self_type", ci.type, SH_OBJ_VSPACE);
	kt_eq("cap_info.self_rights", ci.rights, SH_R_ALL);
	kt_err("cap_info.zero", sh_cap_info(0, &ci), SH_EBADH);
	kt_err("cap_info.bogus", sh_cap_info(0x12345, &ci), SH_EBADH);
	kt_err("cap_info.all_ones", sh_sys_cap_info(0xffffffffL, (long)&ci), SH_EBADH);
	kt_err("cap_info.out_null", sh_sys_cap_info(sh_self(), 0), SH_EFAULT);
	kt_err("cap_info.out_kernel", sh_sys_cap_info(sh_self(), (long)KT_KERNEL_ADDR),
	       SH_EFAULT);
	kt_err("cap_info.out_readonly", sh_sys_cap_info(sh_self(), (long)"rodata string!!!!!!!!!!!!!!"),
	       SH_EFAULT);

	ep = sh_endpoint_create();
	kt_ok("endpoint_create", ep);
	sh_cap_info((sh_handle_t)ep, &ci);
	kt_eq("endpoint.type", ci.type, SH_OBJ_ENDPOINT);
	kt_eq("endpoint.rights", ci.rights,
	      SH_R_READ | SH_R_WRITE | SH_R_GRANT | SH_R_DUP | SH_R_MANAGE);
	kt_eq("endpoint.badge", (long)ci.badge, 0);

	h2 = sh_cap_dup((sh_handle_t)ep, SH_R_READ | SH_R_WRITE);
	kt_ok("cap_dup.fewer", h2);
	kt_check("cap_dup.new_number", h2 != ep, "dup returned the same handle");
	sh_cap_info((sh_handle_t)h2, &ci);
	kt_eq("cap_dup.rights", ci.rights, SH_R_READ | SH_R_WRITE);
	kt_err("cap_dup.no_dup_right", sh_cap_dup((sh_handle_t)h2, SH_R_READ), SH_EPERM);
	kt_err("cap_dup.more_rights", sh_cap_dup((sh_handle_t)ep, SH_R_ALL), SH_EPERM);
	/* Bits no right names: not a subset (EPERM) or not rights (EINVAL). */
	r = sh_cap_dup((sh_handle_t)ep, 0x80000000u);
	kt_check("cap_dup.unknown_rights", r == -SH_EPERM || r == -SH_EINVAL,
		 "got %ld (%s)", r, kt_errname(r));
	kt_err("cap_dup.bad_handle", sh_cap_dup(0, SH_R_READ), SH_EBADH);
	kt_ok("cap_dup.same_rights",
	      h4 = sh_cap_dup((sh_handle_t)ep, SH_R_READ | SH_R_WRITE | SH_R_GRANT |
			      SH_R_DUP | SH_R_MANAGE));
	sh_cap_close((sh_handle_t)h4);

	h3 = sh_cap_mint((sh_handle_t)ep, SH_R_WRITE | SH_R_DUP, 42);
	kt_ok("cap_mint", h3);
	sh_cap_info((sh_handle_t)h3, &ci);
	kt_eq("cap_mint.badge", (long)ci.badge, 42);
	kt_eq("cap_mint.rights", ci.rights, SH_R_WRITE | SH_R_DUP);
	h4 = sh_cap_mint((sh_handle_t)h3, SH_R_WRITE, 43);
	kt_check("cap_mint.rebadge_refused", h4 < 0, "minting a badged handle gave %ld", h4);
	h4 = sh_cap_dup((sh_handle_t)h3, SH_R_WRITE);
	sh_cap_info((sh_handle_t)h4, &ci);
	kt_eq("cap_dup.keeps_badge", (long)ci.badge, 42);
	sh_cap_close((sh_handle_t)h4);
	kt_err("cap_mint.more_rights", sh_cap_mint((sh_handle_t)ep, SH_R_ALL, 1), SH_EPERM);
	f = sh_frame_create(1, 0);
	kt_err("cap_mint.not_endpoint", sh_cap_mint((sh_handle_t)f, SH_R_READ, 1), SH_EBADH);
	sh_cap_close((sh_handle_t)f);

	/* close: the number goes stale and stays stale */
	kt_eq("cap_close", sh_cap_close((sh_handle_t)h2), 0);
	kt_err("cap_close.twice", sh_cap_close((sh_handle_t)h2), SH_EBADH);
	kt_err("cap_info.closed", sh_cap_info((sh_handle_t)h2, &ci), SH_EBADH);
	kt_err("cap_dup.closed", sh_cap_dup((sh_handle_t)h2, SH_R_READ), SH_EBADH);
	kt_err("cap_close.zero", sh_cap_close(0), SH_EBADH);
	kt_err("cap_close.bogus", sh_cap_close(0x7fffffff), SH_EBADH);
	/* A new handle must not bring back the closed number. */
	h4 = sh_endpoint_create();
	kt_check("cap.stale_not_reused", h4 != h2, "new handle %ld == closed %ld", h4, h2);
	sh_cap_close((sh_handle_t)h4);

	/* revoke: everything derived dies, the handle itself stays */
	h2 = sh_cap_dup((sh_handle_t)ep, SH_R_READ | SH_R_DUP);
	h4 = sh_cap_dup((sh_handle_t)h2, SH_R_READ);
	kt_eq("cap_revoke", sh_cap_revoke((sh_handle_t)ep), 0);
	kt_err("cap_revoke.child_dead", sh_cap_info((sh_handle_t)h2, &ci), SH_EBADH);
	kt_err("cap_revoke.grandchild_dead", sh_cap_info((sh_handle_t)h4, &ci), SH_EBADH);
	kt_err("cap_revoke.minted_dead", sh_cap_info((sh_handle_t)h3, &ci), SH_EBADH);
	kt_eq("cap_revoke.self_lives", sh_cap_info((sh_handle_t)ep, &ci), 0);
	kt_err("cap_revoke.bad", sh_cap_revoke(0), SH_EBADH);
	/* close hands children up: revoking the grandparent still reaches them */
	h2 = sh_cap_dup((sh_handle_t)ep, SH_R_READ | SH_R_DUP);
	h4 = sh_cap_dup((sh_handle_t)h2, SH_R_READ);
	sh_cap_close((sh_handle_t)h2);
	kt_eq("cap_close.child_survives", sh_cap_info((sh_handle_t)h4, &ci), 0);
	sh_cap_revoke((sh_handle_t)ep);
	kt_err("cap_revoke.through_closed", sh_cap_info((sh_handle_t)h4, &ci), SH_EBADH);
	sh_cap_close((sh_handle_t)ep);

	after = kt_self();
	kt_eq("cap.no_handle_leak", (long)after.handles, (long)before.handles);
}

static void test_frames(void)
{
	struct sh_cap_info ci;
	struct sh_frame_info fi;
	long f, r;

	f = sh_frame_create(3, 0);
	kt_ok("frame_create", f);
	sh_cap_info((sh_handle_t)f, &ci);
	kt_eq("frame.type", ci.type, SH_OBJ_FRAME);
	kt_eq("frame.rights", ci.rights,
	      SH_R_READ | SH_R_WRITE | SH_R_MAP | SH_R_DUP | SH_R_GRANT | SH_R_MANAGE);
	kt_eq("frame.size", (long)ci.size, 3 * SH_PAGE_SIZE);
	kt_eq("frame_info", sh_frame_info((sh_handle_t)f, &fi), 0);
	kt_eq("frame_info.size", (long)fi.size, 3 * SH_PAGE_SIZE);
	kt_eq("frame_info.device", fi.device, 0);
	kt_err("frame_info.out_kernel", sh_sys_frame_info(f, (long)KT_KERNEL_ADDR), SH_EFAULT);
	kt_err("frame_info.out_unmapped", sh_sys_frame_info(f, (long)KT_UNMAPPED), SH_EFAULT);
	r = sh_cap_dup((sh_handle_t)f, SH_R_MAP);
	kt_err("frame_info.no_read", sh_frame_info((sh_handle_t)r, &fi), SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	kt_err("frame_info.not_frame", sh_frame_info(sh_self(), &fi), SH_EBADH);
	sh_cap_close((sh_handle_t)f);

	kt_err("frame_create.zero", sh_frame_create(0, 0), SH_EINVAL);
	kt_err("frame_create.too_many", sh_frame_create(65537, 0), SH_EINVAL);
	kt_err("frame_create.huge", sh_sys_frame_create(-1L, 0), SH_EINVAL);
	f = sh_frame_create(4, SH_FRAME_CONTIG);
	kt_ok("frame_create.contig", f);
	if (f >= 0) {
		sh_frame_info((sh_handle_t)f, &fi);
		kt_check("frame_info.contig_phys", fi.phys != 0, "phys 0 for a contiguous frame");
		sh_cap_close((sh_handle_t)f);
	}
}

static void test_vm(void)
{
	sh_handle_t self = sh_self();
	uintptr_t va = sh_va_reserve(16 * SH_PAGE_SIZE);
	volatile uint32_t *a, *b;
	long f, r, vs_nomanage;

	f = sh_frame_create(2, 0);
	kt_eq("vm_map.rw", sh_vm_map(self, (sh_handle_t)f, va, SH_VM_READ | SH_VM_WRITE, 0), 0);
	a = (volatile uint32_t *)va;
	kt_eq("vm_map.zeroed", a[0] | a[1023] | a[2047], 0);
	a[0] = 0xdeadbeef;
	a[2047] = 0x5a5a5a5a;
	/* The same frame at a second address is the same memory. */
	kt_eq("vm_map.second_view",
	      sh_vm_map(self, (sh_handle_t)f, va + 4 * SH_PAGE_SIZE, SH_VM_READ, 0), 0);
	b = (volatile uint32_t *)(va + 4 * SH_PAGE_SIZE);
	kt_eq("vm_map.shared", (long)b[0], 0xdeadbeef);
	kt_eq("vm_map.offset",
	      sh_vm_map(self, (sh_handle_t)f, va + 8 * SH_PAGE_SIZE, SH_VM_READ, 1), 0);
	b = (volatile uint32_t *)(va + 8 * SH_PAGE_SIZE);
	kt_eq("vm_map.offset_data", (long)b[1023], 0x5a5a5a5a);

	kt_err("vm_map.occupied",
	       sh_vm_map(self, (sh_handle_t)f, va, SH_VM_READ, 0), SH_EEXIST);
	kt_err("vm_map.overlap_end",
	       sh_vm_map(self, (sh_handle_t)f, va + 3 * SH_PAGE_SIZE, SH_VM_READ, 0), SH_EEXIST);
	kt_err("vm_map.misaligned",
	       sh_vm_map(self, (sh_handle_t)f, va + 12 * SH_PAGE_SIZE + 8, SH_VM_READ, 0), SH_EINVAL);
	kt_err("vm_map.kernel_va",
	       sh_vm_map(self, (sh_handle_t)f, (uintptr_t)KT_KERNEL_ADDR, SH_VM_READ, 0), SH_EINVAL);
	kt_err("vm_map.below_user",
	       sh_vm_map(self, (sh_handle_t)f, 0x1000, SH_VM_READ, 0), SH_EINVAL);
	kt_err("vm_map.past_user_hi",
	       sh_vm_map(self, (sh_handle_t)f, SH_USER_HI - SH_PAGE_SIZE, SH_VM_READ, 0), SH_EINVAL);
	kt_err("vm_map.wx",
	       sh_vm_map(self, (sh_handle_t)f, va + 12 * SH_PAGE_SIZE,
			 SH_VM_READ | SH_VM_WRITE | SH_VM_EXEC, 0), SH_EINVAL);
	kt_err("vm_map.offset_past_end",
	       sh_vm_map(self, (sh_handle_t)f, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 2), SH_EINVAL);
	r = sh_cap_dup((sh_handle_t)f, SH_R_READ | SH_R_WRITE);
	kt_err("vm_map.no_map_right",
	       sh_vm_map(self, (sh_handle_t)r, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 0), SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	r = sh_cap_dup((sh_handle_t)f, SH_R_READ | SH_R_MAP);
	kt_err("vm_map.write_needs_write",
	       sh_vm_map(self, (sh_handle_t)r, va + 12 * SH_PAGE_SIZE,
			 SH_VM_READ | SH_VM_WRITE, 0), SH_EPERM);
	kt_eq("vm_map.read_only_ok",
	      sh_vm_map(self, (sh_handle_t)r, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 0), 0);
	sh_vm_unmap(self, va + 12 * SH_PAGE_SIZE, 2);
	sh_cap_close((sh_handle_t)r);
	vs_nomanage = sh_cap_dup(self, SH_R_READ);
	kt_err("vm_map.vspace_no_manage",
	       sh_vm_map((sh_handle_t)vs_nomanage, (sh_handle_t)f, va + 12 * SH_PAGE_SIZE,
			 SH_VM_READ, 0), SH_EPERM);
	kt_err("vm_unmap.vspace_no_manage",
	       sh_vm_unmap((sh_handle_t)vs_nomanage, va, 1), SH_EPERM);
	sh_cap_close((sh_handle_t)vs_nomanage);
	kt_err("vm_map.vspace_is_frame",
	       sh_vm_map((sh_handle_t)f, (sh_handle_t)f, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 0),
	       SH_EBADH);
	kt_err("vm_map.frame_is_vspace",
	       sh_vm_map(self, self, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 0), SH_EBADH);
	kt_err("vm_map.bad_frame",
	       sh_vm_map(self, 0x4242, va + 12 * SH_PAGE_SIZE, SH_VM_READ, 0), SH_EBADH);

	/* A mapping outlives the frame handle: the mapping holds the frame. */
	sh_cap_close((sh_handle_t)f);
	kt_eq("vm_map.survives_close", (long)a[0], 0xdeadbeef);

	kt_eq("vm_unmap", sh_vm_unmap(self, va, 2), 0);
	kt_eq("vm_unmap.nothing_there", sh_vm_unmap(self, va + 14 * SH_PAGE_SIZE, 1), 0);
	kt_err("vm_unmap.misaligned", sh_vm_unmap(self, va + 1, 1), SH_EINVAL);
	kt_err("vm_unmap.kernel", sh_vm_unmap(self, (uintptr_t)KT_KERNEL_ADDR, 1), SH_EINVAL);
	/* The range is free again. */
	f = sh_frame_create(1, 0);
	kt_eq("vm_map.after_unmap",
	      sh_vm_map(self, (sh_handle_t)f, va, SH_VM_READ | SH_VM_WRITE, 0), 0);
	kt_eq("vm_map.fresh_zero", (long)a[0], 0);
	sh_vm_unmap(self, va, 1);
	sh_vm_unmap(self, va + 4 * SH_PAGE_SIZE, 2);
	sh_vm_unmap(self, va + 8 * SH_PAGE_SIZE, 1);
	sh_cap_close((sh_handle_t)f);
}

static void test_stat(void)
{
	struct sh_stat_mem mem;
	struct sh_stat_self self;
	struct sh_stat_cpus cpus;
	struct sh_stat_klog klog;
	static char buf[4096];

	kt_eq("sys_stat.mem", sh_stat(SH_STAT_MEM, &mem), 0);
	kt_check("sys_stat.mem_sane", mem.total_pages > 0 && mem.free_pages <= mem.total_pages,
		 "total %llu free %llu", (unsigned long long)mem.total_pages,
		 (unsigned long long)mem.free_pages);
	kt_eq("sys_stat.self", sh_stat(SH_STAT_SELF, &self), 0);
	kt_eq("sys_stat.self_pid", (long)self.pid, (long)sh_start_info()->pid);
	kt_check("sys_stat.self_threads", self.threads >= 1, "%llu threads",
		 (unsigned long long)self.threads);
	kt_eq("sys_stat.cpus", sh_stat(SH_STAT_CPUS, &cpus), 0);
	kt_check("sys_stat.cpus_sane", cpus.ncpus >= 1 && cpus.this_cpu < cpus.ncpus,
		 "ncpus %u this %u", cpus.ncpus, cpus.this_cpu);
	klog.pos = 0;
	klog.buf = buf;
	klog.cap = sizeof(buf) - 1;
	klog.len = 0;
	/* The kernel log is the root silo's log: READ on the root silo. */
	kt_err("sys_stat.klog_refused", sh_stat(SH_STAT_KLOG, &klog), SH_EPERM);
	kt_eq("silo_log.root_is_klog", sh_sys_silo_log(sh_start_info()->silo, (long)&klog), 0);
	buf[klog.len < sizeof(buf) ? klog.len : sizeof(buf) - 1] = 0;
	kt_check("silo_log.klog_text", klog.len > 0 && strstr(buf, "bedrock") != NULL,
		 "%u bytes without 'bedrock'", klog.len);
	klog.buf = (char *)KT_KERNEL_ADDR;
	klog.pos = 0;
	kt_err("silo_log.klog_kernel_buf", sh_sys_silo_log(sh_start_info()->silo, (long)&klog),
	       SH_EFAULT);
	{
		long h = sh_cap_dup(sh_start_info()->silo, SH_R_MANAGE);

		klog.buf = buf;
		kt_err("silo_log.klog_no_read", sh_sys_silo_log(h, (long)&klog), SH_EPERM);
		sh_cap_close((sh_handle_t)h);
	}
	kt_err("sys_stat.unknown", sh_stat(99, &mem), SH_EINVAL);
	kt_err("sys_stat.zero", sh_stat(0, &mem), SH_EINVAL);
	kt_err("sys_stat.out_kernel", sh_sys_sys_stat(SH_STAT_MEM, (long)KT_KERNEL_ADDR), SH_EFAULT);
	kt_err("sys_stat.out_null", sh_sys_sys_stat(SH_STAT_MEM, 0), SH_EFAULT);
}

int main(void)
{
	struct sh_stat_self before, after;

	kt_begin("ktest");
	before = kt_self();
	test_debug_write();
	test_nosys();
	test_time();
	test_caps();
	test_frames();
	test_vm();
	test_stat();
	ktest_notif();
	ktest_threads();
	ktest_ipc();
	ktest_proc();
	ktest_dev();
	after = kt_self();
	kt_eq("leak.handles", (long)after.handles, (long)before.handles);
	return kt_end();
}
