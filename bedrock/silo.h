/* Silos (issue 4 fills them out).  For now: the root silo, whose handle
 * the first process holds, with the system's quota and the authority to
 * claim devices. */
#ifndef BEDROCK_SILO_H
#define BEDROCK_SILO_H

#include <stdint.h>

#include "object.h"

struct machine;

/* Sets up the root silo over the machine's devices. */
void silo_root_init(const struct machine *m);

/* The root silo (the system's quota lives in it). */
struct silo *silo_root(void);

/* Whether [pa, pa + size) lies inside one MMIO region a user driver may
 * have (the UART, a virtio-mmio slot), not RAM and not the GIC. */
int silo_device_range_ok(uint64_t pa, uint64_t size);

#endif
