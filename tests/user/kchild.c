/* kchild: the helper process the kernel tests spawn from the boot archive.
 * argv[1] picks what it does; handles come from its parent in the start
 * record (handles[0] is usually an endpoint).
 *   exit N      exit with code N
 *   sleep       sleep until killed
 *   args ...    exit with argc, after checking argv[0] is "kchild"
 *   info        exit with the object type of handles[0] (0 if none)
 *   echo        serve handles[0]: reply to each call with every byte + 1
 *               and the badge as tag, until tag 99
 *   ping N      call handles[0] N times (echo protocol), exit 0 if every
 *               reply was right, else 1
 *   hold        serve handles[0]: tag 1 "signal the notification you were
 *               given" (keeps it), tag 2 "signal it again", tag 99 quit;
 *               each reply's tag is the result of the signal
 *   recvdie     receive one call on handles[0] and exit without replying
 *   fault       store to address 16 (no supervisor: killed, one kernel line)
 *   hog         malloc 1 MiB blocks (touching every page) until malloc
 *               fails; exit with the MiB obtained (at most 250), or 251+
 *               if something else went wrong (see hog())
 *   threads     create threads until refused; exit with the count if the
 *               refusal was EQUOTA, else 255
 *   env         exit 0 if getenv("KT_B") is "two" and KT_A is "1", else 1
 *   exitmt      start a thread that sleeps forever, then exit(9) from main:
 *               exit() must end the whole process
 *   frame N F   frame_create(N, F): exit 0 if made, else the error number
 *   cntvct      read the virtual counter from EL0: exit 0 (allowed)
 *   cntv        stop the virtual timer (the kernel's tick) from EL0: must
 *               fault (CNTKCTL_EL1), so no exit 0
 *   spin        make cheap system calls forever (SMP stress: a thread
 *               always about to enter the kernel)
 *   waiter      block in each kind of wait in turn, forever (SMP stress):
 *               notif_wait, sleep, ipc_recv and ipc_call on handles[0]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>

#define TAG_QUIT 99

static sh_handle_t first_handle(void)
{
	const struct sh_start *st = sh_start_info();

	return st->nhandles ? st->handles[0] : 0;
}

static int serve_echo(sh_handle_t ep)
{
	static char buf[SH_MSG_MAX], out[SH_MSG_MAX];
	struct sh_msg m = {0}, rep;
	long rcvid;

	m.buf = buf;
	m.cap = sizeof(buf);
	rcvid = sh_ipc_recv(ep, &m);
	while (rcvid > 0) {
		memset(&rep, 0, sizeof(rep));
		rep.buf = out;
		if (m.tag == TAG_QUIT) {
			sh_ipc_reply(rcvid, &rep);
			return 0;
		}
		for (uint32_t i = 0; i < m.len; i++)
			out[i] = (char)(buf[i] + 1);
		rep.len = m.len;
		rep.tag = m.badge;
		m.buf = buf;
		m.cap = sizeof(buf);
		rcvid = sh_ipc_reply_recv(ep, rcvid, &rep, &m);
	}
	return 2;
}

static int ping(sh_handle_t ep, long n)
{
	char buf[8], want[8];
	struct sh_msg m;

	for (long i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		memcpy(buf, &i, sizeof(i));
		for (int k = 0; k < 8; k++)
			want[k] = (char)(buf[k] + 1);
		m.tag = 1;
		m.buf = buf;
		m.len = sizeof(buf);
		m.cap = sizeof(buf);
		if (sh_ipc_call(ep, &m) != 0 || m.len != 8 || memcmp(buf, want, 8))
			return 1;
	}
	return 0;
}

static int hold(sh_handle_t ep)
{
	char buf[16];
	struct sh_msg m = {0}, rep;
	sh_handle_t kept = 0;
	long rcvid;

	m.buf = buf;
	m.cap = sizeof(buf);
	rcvid = sh_ipc_recv(ep, &m);
	while (rcvid > 0) {
		memset(&rep, 0, sizeof(rep));
		if (m.tag == 1 && m.nhandles == 1)
			kept = m.handles[0];
		if (m.tag == TAG_QUIT) {
			sh_ipc_reply(rcvid, &rep);
			return 0;
		}
		rep.tag = (uint64_t)sh_notif_signal(kept, 1);
		m.buf = buf;
		m.cap = sizeof(buf);
		m.nhandles = 0;
		rcvid = sh_ipc_reply_recv(ep, rcvid, &rep, &m);
	}
	return 2;
}

/* Exit codes: MiB obtained (<= 250), 251 malloc never failed within 4 GiB,
 * 252 failed with an errno other than ENOMEM, 253 no memory again after
 * freeing everything. */
static int hog(void)
{
	void **list = NULL, **p;
	size_t got = 0;
	int err;

	for (;;) {
		errno = 0;
		p = malloc(1u << 20);
		if (!p)
			break;
		for (size_t i = 0; i < (1u << 20) / sizeof(void *); i += SH_PAGE_SIZE / sizeof(void *))
			p[i] = p;
		p[0] = list;
		list = p;
		if (++got > 4096)
			return 251;
	}
	err = errno;
	while (list) {
		p = list;
		list = *p;
		free(p);
	}
	if (err != ENOMEM)
		return 252;
	p = malloc(1u << 20);
	if (!p)
		return 253;
	free(p);
	return got > 250 ? 250 : (int)got;
}

static int make_threads(void)
{
	static sh_handle_t made[256];
	long n = 0, t;

	while (n < 256 && (t = sh_thread_create(sh_self(), 0x400000, 0x10000, 0, 1)) > 0)
		made[n++] = (sh_handle_t)t;
	/* Threads never started still count as live: end them, or the
	 * process would outlive exit(). */
	for (long i = 0; i < n; i++)
		sh_thread_kill(made[i]);
	return t == -SH_EQUOTA && n < 255 ? (int)n : 255;
}

/* Blocks in one kind of wait after another, forever: the waits a silo
 * suspend, a kill or a revoke may catch a thread in. */
static int waiter(sh_handle_t ep)
{
	static char buf[64];
	long n = sh_notif_create();

	for (unsigned i = 0;; i++) {
		struct sh_msg m = {0};

		switch (i % 4) {
		case 0:
			sh_notif_wait((sh_handle_t)n, 1000000);
			break;
		case 1:
			sh_sleep(500000);
			break;
		case 2:
			m.buf = buf;
			m.cap = sizeof(buf);
			if (ep) {
				long r = sh_sys_ipc_recv(ep, (long)&m);

				if (r > 0)
					sh_ipc_reply(r, &(struct sh_msg){0});
			}
			break;
		default:
			if (ep) {
				m.buf = buf;
				m.len = 8;
				sh_ipc_call(ep, &m);
			}
			break;
		}
	}
	return 0;
}

static void sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		sh_sleep(1000000000ULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct sh_cap_info ci;

	if (!strcmp(mode, "exit"))
		return argc > 2 ? atoi(argv[2]) : 0;
	if (!strcmp(mode, "sleep")) {
		for (;;)
			sh_sleep(1000000000ULL);
	}
	if (!strcmp(mode, "args"))
		return strcmp(argv[0], "kchild") == 0 ? argc : 100;
	if (!strcmp(mode, "info"))
		return sh_cap_info(first_handle(), &ci) == 0 ? (int)ci.type : 0;
	if (!strcmp(mode, "echo"))
		return serve_echo(first_handle());
	if (!strcmp(mode, "ping"))
		return ping(first_handle(), argc > 2 ? atol(argv[2]) : 1);
	if (!strcmp(mode, "hold"))
		return hold(first_handle());
	if (!strcmp(mode, "recvdie")) {
		static char buf[64];
		struct sh_msg m = {0};

		m.buf = buf;
		m.cap = sizeof(buf);
		sh_ipc_recv(first_handle(), &m);
		return 0;
	}
	if (!strcmp(mode, "fault")) {
		/* Through a volatile pointer, so the compiler cannot see it. */
		volatile int *volatile bad = (volatile int *)16;

		*bad = 1;
		return 0;
	}
	if (!strcmp(mode, "frame")) {
		long r = sh_frame_create(argc > 2 ? strtoull(argv[2], NULL, 0) : 1,
					 argc > 3 ? (uint32_t)atoi(argv[3]) : 0);

		return r > 0 ? 0 : (int)-r;
	}
	if (!strcmp(mode, "cntvct")) {
		uint64_t a, b;

		__asm__ volatile("mrs %0, cntvct_el0" : "=r"(a));
		sh_sleep(1000000);
		__asm__ volatile("mrs %0, cntvct_el0" : "=r"(b));
		return b > a ? 0 : 1;
	}
	if (!strcmp(mode, "cntv")) {
		__asm__ volatile("msr cntv_ctl_el0, xzr" ::: "memory");
		return 0;
	}
	if (!strcmp(mode, "spin")) {
		struct sh_stat_self s;

		for (;;) {
			sh_stat(SH_STAT_SELF, &s);
			sh_yield();
		}
	}
	if (!strcmp(mode, "waiter"))
		return waiter(first_handle());
	if (!strcmp(mode, "hog"))
		return hog();
	if (!strcmp(mode, "threads"))
		return make_threads();
	if (!strcmp(mode, "env")) {
		const char *a = getenv("KT_A"), *b = getenv("KT_B");

		return a && b && !strcmp(a, "1") && !strcmp(b, "two") ? 0 : 1;
	}
	if (!strcmp(mode, "exitmt")) {
		long t = sh_thread_spawn(sleep_forever, NULL, SH_PRIO_DEFAULT, 0);

		/* Also a thread libc does not know, never started. */
		sh_thread_create(sh_self(), 0x400000, 0x10000, 0, 1);
		sh_sleep(2000000);
		return t > 0 ? 9 : 8;
	}
	return 126;
}
