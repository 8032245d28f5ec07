/* Distribution (dist.c): the local node's name and the pids and
 * references of other nodes, which are local terms that stand for them. */
#ifndef BEAM_DIST_H
#define BEAM_DIST_H

#include "term.h"

/* The local node's name (nonode@nohost until distribution starts) and
 * creation; dist_set_local changes both. */
term dist_local_node(void);
uint32_t dist_local_creation(void);
void dist_set_local(term node, uint32_t creation);
/* The local pid standing for node's pid <id.ser> of creation cr (made on
 * first use); whether pid is one, and what it stands for. */
term dist_pid_proxy(term node, uint32_t id, uint32_t ser, uint32_t cr);
bool dist_pid_remote(term pid, term *node, uint32_t *id, uint32_t *ser,
		     uint32_t *cr);
/* The reference number standing for node's reference (len ID words);
 * whether n is one, and what it stands for (w holds 5 words). */
uint64_t dist_ref_proxy(term node, uint32_t cr, const uint32_t *w,
			uint32_t len);
bool dist_ref_remote(uint64_t n, term *node, uint32_t *cr, uint32_t *w,
		     uint32_t *len);
/* node/1 of a pid or reference; the number printed in its remote pids. */
term dist_node_of(term t);
unsigned dist_node_number(term node);
/* Whether a send to dest leaves this node; hand the message to the
 * carrier (dropped when none runs). */
bool dist_is_remote_dest(term dest);
void dist_route(term dest, term msg);
/* erlang:monitor(process, Target) for a process of another node
 * (bif_dist.c): the reference; the carrier delivers the DOWN. */
struct proc;
term dist_monitor(struct proc *p, term target);
/* Send {Tag, A, B} to the carrier process, if it runs. */
void dist_hand_over(term tag, term a, term b);

#endif
