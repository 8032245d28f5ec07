/* The PL011 UART, as consd drives it: receive by interrupt (the FIFO is
 * drained when the line fires), transmit by polling the FIFO-full flag.
 * The kernel prints on the same UART with the same polling; bytes of the
 * two may interleave, never corrupt each other. */
#include "consd.h"

#define UART_DR		(0x00 / 4)
#define UART_FR		(0x18 / 4)
#define UART_IMSC	(0x38 / 4)
#define UART_ICR	(0x44 / 4)
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)
#define INT_RX		(1u << 4)
#define INT_RT		(1u << 6)	/* receive timeout: FIFO below its level */

static volatile uint32_t *uart;

void uart_init(volatile uint32_t *regs)
{
	uart = regs;
	uart[UART_ICR] = INT_RX | INT_RT;
	uart[UART_IMSC] |= INT_RX | INT_RT;
}

static void putc_raw(char c)
{
	while (uart[UART_FR] & FR_TXFF)
		;
	uart[UART_DR] = (uint8_t)c;
}

void uart_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			putc_raw('\r');
		putc_raw(buf[i]);
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
