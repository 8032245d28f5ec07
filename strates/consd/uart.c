/* The PL011 UART, as consd drives it: receive by interrupt (the FIFO is
 * drained when the line fires).  Transmit goes through the kernel's
 * console (console_write: the UART, in no log), not the FIFO: the kernel prints every program's
 * output on the same UART under one lock, and a second writer poking the
 * FIFO beside it would split its lines and theirs character by character
 * (most visibly under SMP). */
#include <shale.h>

#include "consd.h"

#define UART_DR		(0x00 / 4)
#define UART_FR		(0x18 / 4)
#define UART_IMSC	(0x38 / 4)
#define UART_ICR	(0x44 / 4)
#define FR_RXFE		(1u << 4)
#define INT_RX		(1u << 4)
#define INT_RT		(1u << 6)	/* receive timeout: FIFO below its level */

static volatile uint32_t *uart;

void uart_init(volatile uint32_t *regs)
{
	uart = regs;
	uart[UART_ICR] = INT_RX | INT_RT;
	uart[UART_IMSC] |= INT_RX | INT_RT;
}

void uart_write(const char *buf, size_t len)
{
	/* console_write takes at most 4096 bytes; each call stays whole. */
	while (len) {
		size_t k = len < 4096 ? len : 4096;

		if (sh_console_write(buf, k) < 0)
			return;
		buf += k;
		len -= k;
	}
}

int uart_getc(char *c)
{
	if (uart[UART_FR] & FR_RXFE)
		return 0;
	*c = (char)(uart[UART_DR] & 0xff);
	return 1;
}

void uart_clear_rx(void)
{
	uart[UART_ICR] = INT_RX | INT_RT;
}
