/* Erlang distribution, the runtime's half: the local node's name and
 * creation, and the pids and references of other nodes.
 *
 * A pid of another node is a local pid word whose serial has bit 60 set
 * and whose low bits index a table of (node, id, serial, creation); a
 * reference of another node is a one-word reference whose number has bit
 * 62 set (bit 63 is capability tokens') and indexes a table of (node,
 * creation, ID words).  Each distinct remote identity gets one entry, so
 * term equality, hashing and copying need no change; entries are never
 * freed.  Sending to such a pid or reference, or to {Name, Node} of
 * another node, hands the message to the process registered as
 * shale_dist (lib/shale_dist.erl, the carrier) as
 * {'$dist_send', Dest, Msg}; with no carrier running it is dropped, as
 * OTP drops a message to a node it cannot reach. */
#include "beam.h"
#include "dist.h"
#include <stdlib.h>
#include <string.h>

#define PID_REMOTE_BIT ((uint64_t)1 << 57)
#define REF_REMOTE_BIT ((uint64_t)1 << 62)
#define REF_CAP_BIT ((uint64_t)1 << 63)

struct rpid { term node; uint32_t id, ser, cr; };
struct rref { term node; uint32_t cr, len, w[5]; };

static term local_node;       /* 0 until the first dist_local_node call */
static uint32_t local_creation;
static struct rpid *rpids;
static size_t nrpids, caprpids;
static struct rref *rrefs;
static size_t nrrefs, caprrefs;

term dist_local_node(void)
{
	return local_node ? local_node : ATOM(nonode);
}

uint32_t dist_local_creation(void)
{
	return local_creation;
}

void dist_set_local(term node, uint32_t creation)
{
	local_node = node;
	local_creation = creation;
}

term dist_pid_proxy(term node, uint32_t id, uint32_t ser, uint32_t cr)
{
	for (size_t i = 0; i < nrpids; i++)
		if (rpids[i].node == node && rpids[i].id == id &&
		    rpids[i].ser == ser && rpids[i].cr == cr)
			return make_pid(PID_REMOTE_BIT | i);
	if (nrpids == caprpids) {
		caprpids = caprpids ? 2 * caprpids : 64;
		rpids = realloc(rpids, caprpids * sizeof *rpids);
		if (!rpids)
			abort();
	}
	rpids[nrpids] = (struct rpid){ node, id, ser, cr };
	return make_pid(PID_REMOTE_BIT | nrpids++);
}

bool dist_pid_remote(term pid, term *node, uint32_t *id, uint32_t *ser,
		     uint32_t *cr)
{
	if (!is_pid(pid) || !(pid_serial(pid) & PID_REMOTE_BIT))
		return false;
	size_t i = (size_t)(pid_serial(pid) & (PID_REMOTE_BIT - 1));
	if (i >= nrpids)
		return false;
	if (node) {
		*node = rpids[i].node;
		*id = rpids[i].id;
		*ser = rpids[i].ser;
		*cr = rpids[i].cr;
	}
	return true;
}

uint64_t dist_ref_proxy(term node, uint32_t cr, const uint32_t *w,
			uint32_t len)
{
	for (size_t i = 0; i < nrrefs; i++)
		if (rrefs[i].node == node && rrefs[i].cr == cr &&
		    rrefs[i].len == len &&
		    !memcmp(rrefs[i].w, w, len * sizeof *w))
			return REF_REMOTE_BIT | i;
	if (nrrefs == caprrefs) {
		caprrefs = caprrefs ? 2 * caprrefs : 64;
		rrefs = realloc(rrefs, caprrefs * sizeof *rrefs);
		if (!rrefs)
			abort();
	}
	struct rref *r = &rrefs[nrrefs];
	memset(r, 0, sizeof *r);
	r->node = node;
	r->cr = cr;
	r->len = len;
	memcpy(r->w, w, len * sizeof *w);
	return REF_REMOTE_BIT | nrrefs++;
}

bool dist_ref_remote(uint64_t n, term *node, uint32_t *cr, uint32_t *w,
		     uint32_t *len)
{
	if ((n & (REF_REMOTE_BIT | REF_CAP_BIT)) != REF_REMOTE_BIT)
		return false;
	size_t i = (size_t)(n & (REF_REMOTE_BIT - 1));
	if (i >= nrrefs)
		return false;
	if (node) {
		*node = rrefs[i].node;
		*cr = rrefs[i].cr;
		*len = rrefs[i].len;
		memcpy(w, rrefs[i].w, sizeof rrefs[i].w);
	}
	return true;
}

term dist_node_of(term t)
{
	term node;
	uint32_t id, ser, cr, w[5], len;
	if (dist_pid_remote(t, &node, &id, &ser, &cr))
		return node;
	if (is_ref(t) && dist_ref_remote(boxed_ptr(t)[1], &node, &cr, w, &len))
		return node;
	return dist_local_node();
}

/* The index printed as the first number of a remote pid: the node's
 * position among the nodes seen, from 1 (erl numbers its connections). */
unsigned dist_node_number(term node)
{
	term seen[64];
	unsigned n = 0;
	for (size_t i = 0; i < nrpids; i++) {
		unsigned k = 0;
		while (k < n && seen[k] != rpids[i].node)
			k++;
		if (k == n) {
			if (rpids[i].node == node)
				return n + 1;
			if (n < 64)
				seen[n++] = rpids[i].node;
		}
	}
	return n + 1;
}

bool dist_is_remote_dest(term dest)
{
	if (is_pid(dest))
		return dist_pid_remote(dest, NULL, NULL, NULL, NULL);
	if (is_ref(dest))
		return dist_ref_remote(boxed_ptr(dest)[1], NULL, NULL, NULL, NULL);
	if (is_tuple(dest) && tuple_arity(dest) == 2 &&
	    is_atom(tuple_elems(dest)[1]))
		return tuple_elems(dest)[1] != dist_local_node() &&
		       !(local_node == 0 && tuple_elems(dest)[1] == ATOM(nonode));
	return false;
}

void dist_hand_over(term tag, term a, term b)
{
	static term carrier;
	if (!carrier)
		carrier = atom_intern("shale_dist", 10);
	term w = proc_whereis(carrier);
	struct proc *q = w == ATOM(undefined) ? NULL : proc_find_pid(w);
	if (!q)
		return;
	term tmp[4] = { make_header(3, HK_TUPLE), tag, a, b };
	proc_send(q, make_boxed(tmp));
}

void dist_route(term dest, term msg)
{
	static term tag;
	if (!tag)
		tag = atom_intern("$dist_send", 10);
	dist_hand_over(tag, dest, msg);
}
