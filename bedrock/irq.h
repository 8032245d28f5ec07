/* Interrupt lines: handlers run in the kernel with interrupts masked. */
#ifndef BEDROCK_IRQ_H
#define BEDROCK_IRQ_H

#define IRQ_MAX 1020

typedef void (*irq_handler)(unsigned intid, void *arg);

/* Installs fn for INTID intid; returns 0, or -1 for a line that does not
 * exist.  The line stays masked until irq_enable(). */
int irq_register(unsigned intid, irq_handler fn, void *arg);
void irq_enable(unsigned intid);
void irq_disable(unsigned intid);

/* Number of interrupt lines the controller has. */
unsigned irq_count(void);

/* Acknowledges and dispatches every pending interrupt (from the vectors). */
void irq_handle(void);

#endif
