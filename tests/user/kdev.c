/* kdev: a driver in user space.  Runs as init (init=kdev), which holds the
 * root silo and the device tree.  It finds the PL011 in the device tree,
 * gets its registers with dev_frame and maps them, checks the PrimeCell
 * identification registers, claims and binds the UART's interrupt to a
 * notification, and waits for the interrupt that a key typed on the serial
 * console raises (the Python test types them): twice, so irq_ack is shown
 * to unmask the line again.  A child without the root silo cannot do any
 * of it (it has no handle to ask with). */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "kt.h"

#define SEC 1000000000ULL

/* PL011 registers (byte offsets) and bits. */
#define UART_DR		0x000
#define UART_FR		0x018
#define UART_IMSC	0x038
#define UART_MIS	0x040
#define UART_ICR	0x044
#define UART_PERIPHID0	0xfe0
#define UART_CELLID0	0xff0
#define FR_RXFE		(1u << 4)
#define INT_RX		(1u << 4)
#define INT_RT		(1u << 6)

struct uart_info {
	uint64_t phys, size;
	uint32_t intid;
};

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/* Finds the first arm,pl011 node: its reg and its SPI. */
static int find_uart(const void *fdt, struct uart_info *u)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), len;
	const fdt32_t *reg, *irq;

	if (node < 0 || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (ac + sc) * 4)
		return -1;
	u->phys = read_cells(reg, ac);
	u->size = read_cells(reg + ac, sc);
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irq || len < 12 || fdt32_to_cpu(irq[0]) != 0)	/* 0: SPI */
		return -1;
	u->intid = 32 + fdt32_to_cpu(irq[1]);
	return 0;
}

static volatile uint32_t *reg32(volatile uint8_t *base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

/* Waits for the UART interrupt, reads the key, clears and acks. */
static void wait_key(int nth, volatile uint8_t *uart, sh_handle_t irq, sh_handle_t n)
{
	char name[48];
	long bits, r;
	int key = -1;

	kt_note("waiting for key %d", nth);
	bits = sh_notif_wait(n, 20 * SEC);
	snprintf(name, sizeof(name), "irq.key%d_signalled", nth);
	kt_eq(name, bits, 0x8);
	snprintf(name, sizeof(name), "irq.key%d_pending", nth);
	kt_check(name, (*reg32(uart, UART_MIS) & (INT_RX | INT_RT)) != 0, "MIS %#x",
		 *reg32(uart, UART_MIS));
	while (!(*reg32(uart, UART_FR) & FR_RXFE))
		key = (int)(*reg32(uart, UART_DR) & 0xff);
	snprintf(name, sizeof(name), "irq.key%d_read", nth);
	kt_check(name, key == (nth == 1 ? 'k' : 'd'), "read %#x", key);
	*reg32(uart, UART_ICR) = INT_RX | INT_RT;
	r = sh_irq_ack(irq);
	snprintf(name, sizeof(name), "irq.key%d_ack", nth);
	kt_eq(name, r, 0);
}

int main(void)
{
	const struct sh_start *st = sh_start_info();
	struct sh_frame_info fi;
	struct uart_info u = {0};
	volatile uint8_t *uart = NULL;
	const void *fdt;
	long f, irq = -1, n = -1, r;
	uint32_t imsc;

	kt_begin("kdev");
	if (!kt_check("dtb.handle", st->dtb != 0 && st->dtb_size > 0, "no device tree"))
		return kt_end();
	fdt = sh_map_frame(st->dtb, (st->dtb_size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
			   SH_VM_READ, &r);
	if (!kt_check("dtb.map", fdt != NULL, "map failed: %ld", r))
		return kt_end();
	kt_eq("dtb.valid", fdt_check_header(fdt), 0);
	if (!kt_eq("dtb.pl011", find_uart(fdt, &u), 0))
		return kt_end();
	kt_note("pl011 at %#llx size %#llx intid %u", (unsigned long long)u.phys,
		(unsigned long long)u.size, u.intid);

	f = sh_dev_frame(st->silo, u.phys, u.size);
	if (!kt_ok("dev_frame.pl011", f))
		return kt_end();
	kt_eq("dev_frame.info", sh_frame_info((sh_handle_t)f, &fi), 0);
	kt_eq("dev_frame.device", fi.device, 1);
	kt_eq("dev_frame.phys", (long)fi.phys, (long)u.phys);
	/* device memory is never executable */
	kt_check("dev_frame.no_exec",
		 sh_map_frame((sh_handle_t)f, 1, SH_VM_READ | SH_VM_EXEC, &r) == NULL &&
		 r == -SH_EINVAL, "mapping the UART executable gave %ld", r);
	uart = sh_map_frame((sh_handle_t)f, 1, SH_VM_READ | SH_VM_WRITE, &r);
	if (!kt_check("dev_frame.map", uart != NULL, "map failed: %ld (%s)", r, kt_errname(r)))
		return kt_end();
	kt_check("pl011.periph_id",
		 (*reg32(uart, UART_PERIPHID0) & 0xff) == 0x11 &&
		 (*reg32(uart, UART_PERIPHID0 + 4) & 0xff) == 0x10,
		 "periph id %#x %#x", *reg32(uart, UART_PERIPHID0),
		 *reg32(uart, UART_PERIPHID0 + 4));
	kt_check("pl011.cell_id",
		 *reg32(uart, UART_CELLID0) == 0x0d && *reg32(uart, UART_CELLID0 + 4) == 0xf0 &&
		 *reg32(uart, UART_CELLID0 + 8) == 0x05 && *reg32(uart, UART_CELLID0 + 12) == 0xb1,
		 "cell id %#x %#x %#x %#x", *reg32(uart, UART_CELLID0),
		 *reg32(uart, UART_CELLID0 + 4), *reg32(uart, UART_CELLID0 + 8),
		 *reg32(uart, UART_CELLID0 + 12));

	irq = sh_irq_claim(st->silo, u.intid);
	if (!kt_ok("irq_claim.pl011", irq))
		return kt_end();
	r = sh_irq_claim(st->silo, u.intid);
	kt_err("irq_claim.twice", r, SH_EBUSY);
	n = sh_notif_create();
	r = sh_cap_dup((sh_handle_t)n, SH_R_READ);
	kt_err("irq_bind.notif_no_signal", sh_irq_bind((sh_handle_t)irq, (sh_handle_t)r, 8),
	       SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	r = sh_cap_dup((sh_handle_t)irq, SH_R_SIGNAL);
	kt_err("irq_bind.irq_no_manage", sh_irq_bind((sh_handle_t)r, (sh_handle_t)n, 8),
	       SH_EPERM);
	sh_cap_close((sh_handle_t)r);
	kt_eq("irq_bind", sh_irq_bind((sh_handle_t)irq, (sh_handle_t)n, 8), 0);

	/* Drain what is in the FIFO, then take receive interrupts. */
	while (!(*reg32(uart, UART_FR) & FR_RXFE))
		(void)*reg32(uart, UART_DR);
	*reg32(uart, UART_ICR) = INT_RX | INT_RT;
	imsc = *reg32(uart, UART_IMSC);
	*reg32(uart, UART_IMSC) = imsc | INT_RX | INT_RT;
	wait_key(1, uart, (sh_handle_t)irq, (sh_handle_t)n);
	wait_key(2, uart, (sh_handle_t)irq, (sh_handle_t)n);
	*reg32(uart, UART_IMSC) = imsc;

	/* Closing the claim frees the line for the next driver. */
	sh_cap_close((sh_handle_t)irq);
	irq = sh_irq_claim(st->silo, u.intid);
	kt_ok("irq_claim.after_close", irq);
	if (irq > 0)
		sh_cap_close((sh_handle_t)irq);
	sh_cap_close((sh_handle_t)n);
	sh_vm_unmap(sh_self(), (uintptr_t)uart, 1);
	sh_cap_close((sh_handle_t)f);
	return kt_end();
}
