/* The kernel console on a PL011.  Before the DTB is read we use QEMU
 * virt's UART through the boot identity map (the one fixed address bedrock
 * allows itself); afterwards the UART the DTB names, mapped as a device. */
#include "../../arch.h"
#include "../../machine.h"
#include "cpu.h"

#include <stddef.h>

#define EARLY_UART_PA	0x09000000UL

#define UART_DR		0x00
#define UART_FR		0x18
#define FR_TXFF		(1U << 5)

static uintptr_t uart_base = EARLY_UART_PA;

void arch_console_putc(char c)
{
	if (c == '\n')
		arch_console_putc('\r');
	while (mmio_read32(uart_base + UART_FR) & FR_TXFF)
		;
	mmio_write32(uart_base + UART_DR, (uint8_t)c);
}

void arch_console_init(const struct machine *m)
{
	void *va = arch_map_device(m->uart.base, m->uart.size ? m->uart.size : 0x1000);

	if (va)
		uart_base = (uintptr_t)va;
}
