/* Device tree reader: turns the DTB QEMU (or firmware) hands us into a
 * struct machine.  Trusts nothing in the blob: libfdt checks structure,
 * and we check every property length before reading it. */
#include "machine.h"

#include <libfdt.h>
#include <shale/errors.h>
#include <string.h>

struct cells {
	int addr;
	int size;
};

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

static struct cells node_cells(const void *fdt, int parent)
{
	struct cells c = { 2, 1 };
	int a = fdt_address_cells(fdt, parent), s = fdt_size_cells(fdt, parent);

	if (a > 0 && a <= 2)
		c.addr = a;
	if (s >= 0 && s <= 2)
		c.size = s;
	return c;
}

/* Reads entry idx of node's "reg", its parent's cell sizes applying;
 * returns 0 or -1 when absent/short. */
static int reg_entry_in(const void *fdt, int node, int parent, int idx, struct mem_range *r)
{
	struct cells c = node_cells(fdt, parent);
	int len, stride = c.addr + c.size;
	const fdt32_t *p = fdt_getprop(fdt, node, "reg", &len);

	if (!p || len < (int)sizeof(fdt32_t) * stride * (idx + 1))
		return -1;
	p += stride * idx;
	r->base = read_cells(p, c.addr);
	r->size = read_cells(p + c.addr, c.size);
	return 0;
}

static int reg_entry(const void *fdt, int node, int idx, struct mem_range *r)
{
	return reg_entry_in(fdt, node, fdt_parent_offset(fdt, node), idx, r);
}

/* GIC interrupt specifier (type, number, flags) -> INTID. */
static int irq_entry(const void *fdt, int node, int idx, uint32_t *intid)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || len < (int)sizeof(fdt32_t) * 3 * (idx + 1))
		return -1;
	p += 3 * idx;
	*intid = fdt32_to_cpu(p[1]) + (fdt32_to_cpu(p[0]) == 1 ? 16 : 32);
	return 0;
}

static void parse_memory(const void *fdt, struct machine *m)
{
	int node, i;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory"))
			continue;
		for (i = 0; m->nmem < MACHINE_MAX_MEM; i++) {
			struct mem_range r;

			if (reg_entry(fdt, node, i, &r))
				break;
			if (r.size)
				m->mem[m->nmem++] = r;
		}
	}
}

static void parse_reserved(const void *fdt, struct machine *m)
{
	int n = fdt_num_mem_rsv(fdt), i, node;

	for (i = 0; i < n && m->nreserved < MACHINE_MAX_RESERVED; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 && s)
			m->reserved[m->nreserved++] = (struct mem_range){ a, s };
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return;
	fdt_for_each_subnode(i, fdt, node) {
		struct mem_range r;

		if (m->nreserved < MACHINE_MAX_RESERVED && reg_entry(fdt, i, 0, &r) == 0)
			m->reserved[m->nreserved++] = r;
	}
}

static void parse_chosen(const void *fdt, struct machine *m)
{
	int node = fdt_path_offset(fdt, "/chosen"), len;
	const fdt32_t *s, *e;
	const char *args;

	if (node < 0)
		return;
	s = fdt_getprop(fdt, node, "linux,initrd-start", &len);
	e = fdt_getprop(fdt, node, "linux,initrd-end", NULL);
	if (s && e && (len == 4 || len == 8)) {
		uint64_t a = read_cells(s, len / 4), b = read_cells(e, len / 4);

		if (b > a)
			m->initrd = (struct mem_range){ a, b - a };
	}
	args = fdt_getprop(fdt, node, "bootargs", &len);
	if (args && len > 0) {
		size_t n = (size_t)len < sizeof(m->bootargs) ? (size_t)len : sizeof(m->bootargs) - 1;

		memcpy(m->bootargs, args, n);
		m->bootargs[n] = 0;
	}
}

static void parse_cpus(const void *fdt, struct machine *m, int psci)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;
	const char *method;

	if (cpus >= 0) {
		fdt_for_each_subnode(node, fdt, cpus) {
			const char *type = fdt_getprop(fdt, node, "device_type", NULL);
			struct mem_range r;

			if (!type || strcmp(type, "cpu") || m->ncpus >= MACHINE_MAX_CPUS)
				continue;
			if (reg_entry(fdt, node, 0, &r) == 0)
				m->cpu_mpidr[m->ncpus++] = r.base;
		}
	}
	if (psci < 0)
		return;
	method = fdt_getprop(fdt, psci, "method", &len);
	if (method && len > 0 && len <= (int)sizeof(m->psci_method))
		memcpy(m->psci_method, method, (size_t)len);
	m->psci_method[sizeof(m->psci_method) - 1] = 0;
}

/* Whether a node's compatible list (c, len bytes) names compat. */
static int is_compatible(const char *c, int len, const char *compat)
{
	return c && fdt_stringlist_contains(c, len, compat);
}

static void add_virtio(const void *fdt, int node, int parent, struct machine *m)
{
	struct virtio_slot *v;
	struct mem_range r;
	uint32_t irq;

	if (m->nvirtio >= MACHINE_MAX_VIRTIO || reg_entry_in(fdt, node, parent, 0, &r) ||
	    irq_entry(fdt, node, 0, &irq))
		return;
	v = &m->virtio[m->nvirtio++];
	v->base = r.base;
	v->size = r.size;
	v->irq = irq;
}

struct found {
	int uart, gic, timer, psci;
};

/* One walk over every node: looking each device up by compatible string
 * would rescan the whole tree per device (QEMU's has 32 virtio slots). */
static void scan_nodes(const void *fdt, struct machine *m, struct found *f)
{
	int node, depth = 0, parents[32] = { 0 };

	f->uart = f->gic = f->timer = f->psci = -1;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int len;
		const char *c = fdt_getprop(fdt, node, "compatible", &len);

		if (depth < 0 || depth >= 32)
			continue;
		parents[depth] = node;
		if (!c || depth == 0)
			continue;
		if (is_compatible(c, len, "virtio,mmio"))
			add_virtio(fdt, node, parents[depth - 1], m);
		else if (f->uart < 0 && is_compatible(c, len, "arm,pl011"))
			f->uart = node;
		else if (f->gic < 0 && (is_compatible(c, len, "arm,cortex-a15-gic") ||
					is_compatible(c, len, "arm,gic-400")))
			f->gic = node;
		else if (f->timer < 0 && is_compatible(c, len, "arm,armv8-timer"))
			f->timer = node;
		else if (f->psci < 0 && (is_compatible(c, len, "arm,psci-0.2") ||
					 is_compatible(c, len, "arm,psci")))
			f->psci = node;
	}
}

int dtb_parse(const void *fdt, struct machine *m, const char **why)
{
	const char *dummy;
	struct found f;
	int len;
	const fdt32_t *freq;

	if (!why)
		why = &dummy;
	memset(m, 0, sizeof(*m));
	if (fdt_check_header(fdt) != 0) {
		*why = "bad device tree header";
		return -SH_EBADMSG;
	}
	parse_memory(fdt, m);
	if (m->nmem == 0) {
		*why = "no memory node";
		return -SH_EBADMSG;
	}
	parse_reserved(fdt, m);
	parse_chosen(fdt, m);
	scan_nodes(fdt, m, &f);
	parse_cpus(fdt, m, f.psci);

	if (f.uart < 0 || reg_entry(fdt, f.uart, 0, &m->uart)) {
		*why = "no PL011 UART";
		return -SH_EBADMSG;
	}
	irq_entry(fdt, f.uart, 0, &m->uart_irq);
	if (f.gic < 0 || reg_entry(fdt, f.gic, 0, &m->gicd) || reg_entry(fdt, f.gic, 1, &m->gicc)) {
		*why = "no GICv2";
		return -SH_EBADMSG;
	}
	if (f.timer < 0 || irq_entry(fdt, f.timer, 1, &m->timer_irq_phys) ||
	    irq_entry(fdt, f.timer, 2, &m->timer_irq_virt)) {
		*why = "no generic timer";
		return -SH_EBADMSG;
	}
	freq = fdt_getprop(fdt, f.timer, "clock-frequency", &len);
	if (freq && len == 4)
		m->timer_freq = fdt32_to_cpu(*freq);
	*why = NULL;
	return 0;
}
