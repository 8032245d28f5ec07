/* The program loader.  elf_validate() has checked every field before
 * anything here maps a page; each segment gets fresh zeroed pages with
 * the file bytes copied in, mapped with exactly its permissions. */
#include "loader.h"

#include "arch.h"
#include "elf.h"
#include "frame.h"
#include "ipc.h"
#include "log.h"
#include "pmm.h"
#include "proc.h"
#include "silo.h"
#include "thread.h"
#include "uaccess.h"
#include "heap.h"
#include "kassert.h"

#include <shale/errors.h>
#include <shale/syscall.h>
#include <string.h>

/* Writes n bytes at byte offset off of frame f; the range must lie inside
 * the frame (every caller bounds it first: a write outside is a kernel
 * bug, caught in assert builds). */
static void frame_write(struct frame *f, uint64_t off, const void *src, size_t n)
{
	const char *s = src;

	kassert(off <= f->npages * PAGE_SIZE && n <= f->npages * PAGE_SIZE - off);
	while (n) {
		uint64_t page = off / PAGE_SIZE, in = off % PAGE_SIZE;
		size_t k = PAGE_SIZE - in < n ? PAGE_SIZE - in : n;

		memcpy((char *)phys_to_virt(frame_page(f, page)) + in, s, k);
		s += k;
		off += k;
		n -= k;
	}
}

static int load_segments(struct proc *p, const uint8_t *elf, size_t len, struct elf_image *img)
{
	static const struct elf_limits lim = {
		.user_lo = SH_USER_LO,
		.user_hi = LOADER_STACK_TOP - LOADER_STACK_MAX - 2 * PAGE_SIZE,
		.page_size = PAGE_SIZE,
		.max_segments = ELF_SEGMENTS_MAX,
	};
	uint32_t i;
	int err;

	err = elf_validate(elf, len, &lim, img);
	if (err) {
		kprintf("bedrock: %s: not a valid program: %s (at byte %lu)\n", p->name,
			img->why ? img->why : "?", (unsigned long)img->where);
		return err;
	}
	for (i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t va0 = s->vaddr & ~(PAGE_SIZE - 1);
		uint64_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		unsigned perms = VM_READ;
		struct frame *f;

		if (s->memsz == 0)
			continue;
		if (s->flags & ELF_SEG_W)
			perms |= VM_WRITE;
		if (s->flags & ELF_SEG_X)
			perms |= VM_EXEC;
		err = frame_create(p->quota, (end - va0) / PAGE_SIZE, 0, &f);
		if (err)
			return err;
		frame_write(f, s->vaddr - va0, elf + s->offset, s->filesz);
		err = proc_map(p, va0, f, 0, f->npages, perms);
		kobj_put(&f->obj);
		if (err)
			return err;
	}
	return 0;
}

struct start_info {
	const char *args;
	size_t args_len;
	const char *env;
	size_t env_len;
	uint64_t stack_size;
	struct sh_start st;
};

static uint32_t count_args(const char *a, size_t n)
{
	uint32_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] == 0)
			c++;
	return c;
}

/* The stack's layout, computed once from bounded inputs.  From the top:
 * the argument strings, the environment strings, the start block (each
 * 16-byte aligned), then at least STACK_ROOM bytes for the program; the
 * stack is stack_size rounded up to pages, or bigger when that would not
 * hold all of it.  args_len and env_len are at most 64 KiB (spawn allows
 * SH_ARGS_MAX/SH_ENV_MAX, the boot command line less), so nothing here
 * can wrap. */
#define STACK_ROOM PAGE_SIZE
#define STRINGS_MAX (64u * 1024)

struct stack_layout {
	uint64_t size, base, args_va, env_va, blk;
};

static int stack_plan(const struct start_info *si, struct stack_layout *l)
{
	uint64_t need, size;

	if (si->args_len > STRINGS_MAX || si->env_len > STRINGS_MAX ||
	    si->stack_size > LOADER_STACK_MAX)
		return -SH_E2BIG;
	l->args_va = (LOADER_STACK_TOP - si->args_len) & ~15ULL;
	l->env_va = (l->args_va - si->env_len) & ~15ULL;
	l->blk = (l->env_va - sizeof(struct sh_start)) & ~15ULL;
	need = LOADER_STACK_TOP - l->blk + STACK_ROOM;
	size = si->stack_size > need ? si->stack_size : need;
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (size > LOADER_STACK_MAX)
		return -SH_E2BIG;
	l->size = size;
	l->base = LOADER_STACK_TOP - size;
	kassert(l->blk >= l->base + STACK_ROOM);
	return 0;
}

/* Maps the stack with a guard page below and writes the start block and
 * argument strings at its top.  Returns the start block's address in *sp. */
static int setup_stack(struct proc *p, struct start_info *si, uint64_t *sp)
{
	struct stack_layout l;
	struct frame *f;
	int err;

	err = stack_plan(si, &l);
	if (err)
		return err;
	err = frame_create(p->quota, l.size / PAGE_SIZE, 0, &f);
	if (err)
		return err;
	err = proc_map(p, l.base, f, 0, f->npages, VM_READ | VM_WRITE);
	if (!err)
		err = proc_guard(p, l.base - PAGE_SIZE, 1);
	if (err) {
		kobj_put(&f->obj);
		return err;
	}
	si->st.magic = SH_START_MAGIC;
	si->st.args = (const char *)(uintptr_t)l.args_va;
	si->st.args_len = (uint32_t)si->args_len;
	si->st.env = si->env_len ? (const char *)(uintptr_t)l.env_va : NULL;
	si->st.env_len = (uint32_t)si->env_len;
	si->st.envc = count_args(si->env, si->env_len);
	si->st.pid = p->pid;
	frame_write(f, l.args_va - l.base, si->args, si->args_len);
	frame_write(f, l.env_va - l.base, si->env, si->env_len);
	frame_write(f, l.blk - l.base, &si->st, sizeof(si->st));
	kobj_put(&f->obj);
	*sp = l.blk;
	return 0;
}

/* Creates process and main thread, installs self/thread handles. */
static int make_process(struct silo *q, const char *name, const uint8_t *elf, size_t len,
			uint32_t prio, struct proc **pp, struct thread **tp, struct elf_image *img)
{
	struct proc *p;
	struct thread *t;
	int err;

	err = proc_create(q, name, &p);
	if (err)
		return err;
	err = load_segments(p, elf, len, img);
	if (!err)
		err = thread_create(p, img->entry, 0, 0, prio, &t);
	if (err) {
		proc_kill(p, SH_EXIT_KILLED, err);
		kobj_put(&p->obj);
		return err;
	}
	*pp = p;
	*tp = t;
	return 0;
}

static int finish(struct proc *p, struct thread *t, struct start_info *si)
{
	uint64_t sp;
	int h;

	h = cap_install(&p->caps, &p->obj, SH_R_ALL, 0);
	if (h < 0)
		return h;
	si->st.self = (sh_handle_t)h;
	h = cap_install(&p->caps, &t->obj, SH_R_ALL, 0);
	if (h < 0)
		return h;
	si->st.thread = (sh_handle_t)h;
	si->st.argc = count_args(si->args, si->args_len);
	h = setup_stack(p, si, &sp);
	if (h)
		return h;
	arch_tf_init_user(t->tf, arch_tf_pc(t->tf), sp, sp);
	return 0;
}

static long spawn_checked(struct thread *caller, uint64_t elf_uva, uint64_t len,
			  uint64_t spawn_uva, struct sh_spawn *spp, char *name, char *args,
			  char *env);

long loader_spawn(struct thread *caller, uint64_t elf_uva, uint64_t len, uint64_t spawn_uva)
{
	struct sh_spawn sp;
	/* on the heap: an 8 KiB kernel stack cannot hold these */
	struct bufs {
		char name[SH_NAME_MAX];
		char args[SH_ARGS_MAX];
		char env[SH_ENV_MAX];
	} *b;
	char *name, *args, *env;
	long err;

	if (copy_from_user(&caller->proc->vs, &sp, spawn_uva, sizeof(sp)))
		return -SH_EFAULT;
	if (len == 0 || len > LOADER_ELF_MAX)
		return len ? -SH_E2BIG : -SH_ENOEXEC;
	b = kmalloc(sizeof(*b));
	if (!b)
		return -SH_ENOMEM;
	name = b->name;
	args = b->args;
	env = b->env;
	err = spawn_checked(caller, elf_uva, len, spawn_uva, &sp, name, args, env);
	kfree(b);
	return err;
}

/* loader_spawn with its buffers, sp copied in. */
static long spawn_checked(struct thread *caller, uint64_t elf_uva, uint64_t len,
			  uint64_t spawn_uva, struct sh_spawn *spp, char *name, char *args,
			  char *env)
{
	struct proc *cp = caller->proc, *p = NULL;
	struct sh_spawn sp = *spp;
	struct start_info si;
	struct elf_image *img = NULL;
	struct thread *t = NULL;
	uint64_t buf_pa = 0;
	unsigned order = 0;
	struct cap_ref sup = { 0 }, sref = { 0 };
	struct silo *silo = cp->silo;
	long err, vh;
	uint32_t i;

	/* Every size and count the caller gives, bounded before any is used
	 * (the stack layout they make is checked as a whole in stack_plan). */
	if (sp.nhandles > SH_SPAWN_HANDLES || sp.args_len > SH_ARGS_MAX ||
	    sp.env_len > SH_ENV_MAX || sp.stack_size > LOADER_STACK_MAX ||
	    sp.prio > SH_PRIO_MAX)
		return -SH_EINVAL;
	if (sp.prio > caller->prio)
		return -SH_EPERM;
	err = sp.name ? copy_str_from_user(&cp->vs, name, (uint64_t)(uintptr_t)sp.name, SH_NAME_MAX)
		      : (long)(memcpy(name, "?", 2), 1);
	if (err < 0)
		return err;
	if (sp.args_len && copy_from_user(&cp->vs, args, (uint64_t)(uintptr_t)sp.args, sp.args_len))
		return -SH_EFAULT;
	if (sp.args_len && args[sp.args_len - 1] != 0)
		return -SH_EINVAL;	/* the last argument must end */
	if (sp.env_len && copy_from_user(&cp->vs, env, (uint64_t)(uintptr_t)sp.env, sp.env_len))
		return -SH_EFAULT;
	if (sp.env_len && env[sp.env_len - 1] != 0)
		return -SH_EINVAL;
	if (sp.supervisor) {
		err = cap_lookup(&cp->caps, sp.supervisor, SH_OBJ_ENDPOINT, SH_R_WRITE, &sup);
		if (err)
			return err;
	}
	if (sp.silo) {
		err = cap_lookup(&cp->caps, sp.silo, SH_OBJ_SILO, SH_R_MANAGE, &sref);
		if (err)
			goto out;
		silo = (struct silo *)sref.obj;
	}
	/* The image, copied whole into kernel pages for the validator. */
	while ((PAGE_SIZE << order) < len)
		order++;
	img = kmalloc(sizeof(*img));
	if (!img || pmm_alloc(order, &buf_pa)) {
		err = -SH_ENOMEM;
		goto out;
	}
	if (copy_from_user(&cp->vs, phys_to_virt(buf_pa), elf_uva, len)) {
		err = -SH_EFAULT;
		goto out;
	}
	err = make_process(silo, name, phys_to_virt(buf_pa), len,
			   sp.prio ? sp.prio : caller->prio, &p, &t, img);
	if (err)
		goto out;
	memset(&si, 0, sizeof(si));
	si.args = args;
	si.args_len = sp.args_len;
	si.env = env;
	si.env_len = sp.env_len;
	si.stack_size = sp.stack_size ? sp.stack_size : LOADER_STACK_DEFAULT;
	for (i = 0; i < sp.nhandles; i++) {
		struct cap_ref ref;

		err = cap_lookup(&cp->caps, sp.handles[i], CAP_TYPE_ANY, SH_R_GRANT, &ref);
		if (err)
			goto out_kill;
		/* handle_rights[i]: what the child gets, a subset (0: the same) */
		if (sp.handle_rights[i] & ~ref.rights) {
			cap_ref_put(&ref);
			err = -SH_EPERM;
			goto out_kill;
		}
		err = cap_grant(&cp->caps, sp.handles[i], &p->caps,
				sp.handle_rights[i] ? sp.handle_rights[i] : ref.rights);
		cap_ref_put(&ref);
		if (err < 0)
			goto out_kill;
		si.st.handles[i] = (sh_handle_t)err;
	}
	si.st.nhandles = sp.nhandles;
	err = finish(p, t, &si);
	if (err)
		goto out_kill;
	if (sup.obj) {
		kobj_get(sup.obj);
		p->supervisor = (struct endpoint *)sup.obj;
		p->sup_badge = sup.badge;
	}
	vh = cap_install(&cp->caps, &p->obj, SH_R_ALL, 0);
	if (vh < 0) {
		err = vh;
		goto out_kill;
	}
	err = cap_install(&cp->caps, &t->obj, SH_R_ALL, 0);
	if (err < 0) {
		cap_close(&cp->caps, (sh_handle_t)vh);
		goto out_kill;
	}
	sp.thread = (sh_handle_t)err;
	copy_to_user(&cp->vs, spawn_uva + offsetof(struct sh_spawn, thread), &sp.thread,
		     sizeof(sp.thread));
	thread_start(t);
	err = vh;
	goto out_put;

out_kill:
	proc_kill(p, SH_EXIT_KILLED, (int)err);
out_put:
	kobj_put(&t->obj);
	kobj_put(&p->obj);
out:
	if (sup.obj)
		cap_ref_put(&sup);
	if (sref.obj)
		cap_ref_put(&sref);
	if (buf_pa)
		pmm_free(buf_pa, order);
	kfree(img);
	return err;
}

int loader_start_init(const void *elf, size_t len, const char *name, const char *args,
		      size_t args_len, uint64_t bootfs_pa, uint64_t bootfs_size,
		      const void *dtb, size_t dtb_size)
{
	struct quota *q = &silo_root()->quota;
	struct start_info si;
	struct elf_image *img = kmalloc(sizeof(*img));
	struct frame *bf = NULL, *df = NULL;
	struct proc *p;
	struct thread *t;
	int err, h;

	if (!img)
		return -SH_ENOMEM;
	err = make_process(silo_root(), name, elf, len, SH_PRIO_MAX, &p, &t, img);
	kfree(img);
	if (err)
		return err;
	memset(&si, 0, sizeof(si));
	si.args = args;
	si.args_len = args_len;
	si.stack_size = LOADER_STACK_DEFAULT;
	h = cap_install(&p->caps, &silo_root()->obj, SH_R_ALL, 0);
	if (h < 0)
		goto fail;
	si.st.silo = (sh_handle_t)h;
	if (bootfs_size) {
		err = frame_create_phys(q, bootfs_pa & ~(PAGE_SIZE - 1),
					((bootfs_pa & (PAGE_SIZE - 1)) + bootfs_size + PAGE_SIZE - 1) / PAGE_SIZE,
					0, &bf);
		if (err)
			goto fail_err;
		h = cap_install(&p->caps, &bf->obj, SH_R_READ | SH_R_MAP | SH_R_DUP | SH_R_GRANT, 0);
		kobj_put(&bf->obj);
		if (h < 0)
			goto fail;
		si.st.bootfs = (sh_handle_t)h;
		si.st.bootfs_size = bootfs_size;
	}
	err = frame_create(q, (dtb_size + PAGE_SIZE - 1) / PAGE_SIZE, 0, &df);
	if (err)
		goto fail_err;
	frame_write(df, 0, dtb, dtb_size);
	h = cap_install(&p->caps, &df->obj, SH_R_READ | SH_R_MAP | SH_R_DUP | SH_R_GRANT, 0);
	kobj_put(&df->obj);
	if (h < 0)
		goto fail;
	si.st.dtb = (sh_handle_t)h;
	si.st.dtb_size = dtb_size;
	err = finish(p, t, &si);
	if (err)
		goto fail_err;
	thread_start(t);
	kobj_put(&t->obj);
	kobj_put(&p->obj);	/* it lives through its own handles and thread */
	return 0;

fail:
	err = h;
fail_err:
	kprintf("bedrock: cannot start %s: %s\n", name, sh_strerror(err));
	proc_kill(p, SH_EXIT_KILLED, err);
	kobj_put(&t->obj);
	kobj_put(&p->obj);
	return err;
}
