/* Devices for manifests that say "uses = dev:NAME": found in the device
 * tree QEMU passed (libfdt), claimed once with the root silo (dev_frame,
 * irq_claim) and lent to one silo at a time as copies of silod's handles.
 * Names: "uart" (arm,pl011) and the virtio-mmio devices by the DeviceID
 * register: "virtio-net" 1, "virtio-blk" 2, "virtio-console" 3,
 * "virtio-rng" 4, "virtio-gpu" 16, "virtio-input" 18. */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "silod.h"

#define DEVS_MAX 40u

struct dev {
	char name[24];
	uint64_t phys, size;
	uint32_t intid;		/* 0: none */
	sh_handle_t frame, irq;	/* silod's, claimed on first use */
	uint64_t owner;		/* silo id holding it, 0: free */
};

static struct dev devs[DEVS_MAX];
static uint32_t ndevs;
static int scanned;

static uint64_t be_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* The virtio DeviceID of the slot at phys, 0 if none or unreadable. */
static uint32_t virtio_id(uint64_t phys, uint64_t size)
{
	long f = sh_dev_frame(silod.root, phys & ~0xfffULL, 4096);
	volatile uint32_t *regs;
	uint32_t id = 0;
	long err;

	(void)size;
	if (f < 0)
		return 0;
	regs = sh_map_frame((sh_handle_t)f, 1, SH_VM_READ, &err);
	if (regs) {
		regs = (volatile uint32_t *)((uintptr_t)regs + (phys & 0xfff));
		if (regs[0] == 0x74726976u)	/* "virt" */
			id = regs[2];
		sh_vm_unmap(sh_self(), (uintptr_t)regs & ~0xfffULL, 1);
	}
	sh_cap_close((sh_handle_t)f);
	return id;
}

static const char *virtio_name(uint32_t id)
{
	switch (id) {
	case 1: return "virtio-net";
	case 2: return "virtio-blk";
	case 3: return "virtio-console";
	case 4: return "virtio-rng";
	case 16: return "virtio-gpu";
	case 18: return "virtio-input";
	}
	return NULL;
}

static void dev_scan(void)
{
	const struct sh_start *st = sh_start_info();
	const void *fdt;
	long err;
	int node, ac, sc;

	scanned = 1;
	if (!st->dtb)
		return;
	fdt = sh_map_frame(st->dtb, (st->dtb_size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
			   SH_VM_READ, &err);
	if (!fdt || fdt_check_header(fdt))
		return;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0 && ndevs < DEVS_MAX;
	     node = fdt_next_node(fdt, node, NULL)) {
		const fdt32_t *reg, *irq;
		int len, ilen;
		const char *name = NULL;
		struct dev *d;

		if (!fdt_node_check_compatible(fdt, node, "arm,pl011"))
			name = "uart";
		else if (fdt_node_check_compatible(fdt, node, "virtio,mmio"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < (ac + sc) * 4)
			continue;
		d = &devs[ndevs];
		memset(d, 0, sizeof(*d));
		d->phys = be_cells(reg, ac);
		d->size = be_cells(reg + ac, sc);
		if (!name)
			name = virtio_name(virtio_id(d->phys, d->size));
		if (!name)
			continue;
		snprintf(d->name, sizeof(d->name), "%s", name);
		irq = fdt_getprop(fdt, node, "interrupts", &ilen);
		if (irq && ilen >= 12) {
			uint32_t type = fdt32_to_cpu(irq[0]);
			uint32_t num = fdt32_to_cpu(irq[1]);

			d->intid = num + (type == 0 ? 32 : 16);
		}
		ndevs++;
	}
}

int dev_grant(struct silo_rec *r, const char *name)
{
	struct dev *d = NULL;
	long h;

	if (!scanned)
		dev_scan();
	if (r->ndevs >= SILOD_DEVS_MAX)
		return -SH_ENOSPC;
	for (uint32_t i = 0; i < ndevs && !d; i++) {
		struct silo_rec *o;

		if (strcmp(devs[i].name, name))
			continue;
		o = devs[i].owner ? silo_by_id(devs[i].owner) : NULL;
		if (!o || o == r || !o->silo)
			d = &devs[i];
	}
	if (!d)
		return -SH_ENOENT;
	if (!d->frame) {
		uint64_t base = d->phys & ~0xfffULL;
		uint64_t size = (d->phys + d->size - base + 0xfff) & ~0xfffULL;

		h = sh_dev_frame(silod.root, base, size);
		if (h < 0)
			return (int)h;
		d->frame = (sh_handle_t)h;
	}
	if (d->intid && !d->irq) {
		h = sh_irq_claim(silod.root, d->intid);
		if (h > 0)
			d->irq = (sh_handle_t)h;
		else
			silod_log("%s: dev:%s: irq %u: %s\n", r->m.name, name,
				  d->intid, sh_strerror(h));
	}
	h = sh_cap_dup(d->frame, SH_R_READ | SH_R_WRITE | SH_R_MAP | SH_R_GRANT);
	if (h < 0)
		return (int)h;
	strncpy(r->devs[r->ndevs].name, name, SH_SCHEME_NAME_MAX);
	r->devs[r->ndevs].frame = (sh_handle_t)h;
	r->devs[r->ndevs].off = (uint32_t)(d->phys & 0xfff);
	r->devs[r->ndevs].irq = 0;
	if (d->irq) {
		h = sh_cap_dup(d->irq, SH_R_MANAGE | SH_R_SIGNAL | SH_R_GRANT);
		r->devs[r->ndevs].irq = h > 0 ? (sh_handle_t)h : 0;
	}
	r->ndevs++;
	d->owner = r->id;
	return 0;
}

/* Debian's libfdt.a is built with -fstack-protector; picolibc's
 * __stack_chk_fail calls abort(), whose raise() needs a kill() libc does
 * not have.  Ours ends the thread with a line saying why. */
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	static const char msg[] = "silod: stack smashed in libfdt\n";

	sh_debug_write(msg, sizeof(msg) - 1);
	sh_thread_exit(134);
}
