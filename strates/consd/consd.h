/* consd: the serial console, cons: (see shale/cons.h for the paths). */
#ifndef CONSD_H
#define CONSD_H

#include <stddef.h>
#include <stdint.h>
#include <shale/cons.h>

/* ---- uart.c: the PL011 ---------------------------------------------------- */

/* Takes the UART at regs (mapped MMIO) and enables its receive interrupts. */
void uart_init(volatile uint32_t *regs);
/* Sends len bytes ("\n" goes out as "\r\n") through the kernel's console, so that no other program's output comes
 * between them. */
void uart_write(const char *buf, size_t len);
/* Reads one received byte into *c.  Returns 1, or 0 when the FIFO is empty. */
int uart_getc(char *c);
/* Clears the receive interrupts (after draining the FIFO). */
void uart_clear_rx(void);

/* ---- ldisc.c: the line discipline (portable) ------------------------------ */

#define LD_RING 4096u	/* input ready for readers */
#define LD_EOF	0x04	/* in the ring (cooked): an end of file */

struct ldisc {
	int raw;			/* 1: raw mode */
	char line[CONS_LINE_MAX];	/* the line being edited (cooked) */
	uint32_t len;
	int esc;			/* escape sequence state (cooked) */
	int intr;			/* a Ctrl-C not yet told to a reader */
	char ring[LD_RING];		/* ready input: lines, EOFs, raw bytes */
	uint32_t head, count;
	/* Echo goes here (the UART; a buffer in tests). */
	void (*echo)(const char *buf, size_t len);
};

void ld_init(struct ldisc *ld, void (*echo)(const char *, size_t));
/* Feeds one typed byte. */
void ld_input(struct ldisc *ld, char c);
/* Switches mode, dropping the line being edited. */
void ld_set_raw(struct ldisc *ld, int raw);
/* 1 if a read would return now (input ready, or an interrupt pending). */
int ld_ready(const struct ldisc *ld);
/* Takes what one read returns into buf (room cap >= 1): a line (cooked),
 * the bytes there are (raw).  Returns the bytes, 0 for end of file,
 * -SH_EINTR for a pending interrupt, -SH_EAGAIN if nothing is ready. */
int ld_read(struct ldisc *ld, char *buf, uint32_t cap);

#endif
