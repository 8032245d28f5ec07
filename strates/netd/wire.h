/* netd's view of bytes on the wire: big-endian loads and stores on byte
 * arrays (never a struct cast onto a packet: frames may be short, odd or
 * unaligned), the Internet checksum, and the protocol constants. */
#ifndef NETD_WIRE_H
#define NETD_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN	6u
#define ETH_HLEN	14u
#define ETH_MTU		1500u
#define ETH_FRAME_MAX	(ETH_HLEN + ETH_MTU)
#define ETH_P_IP	0x0800u
#define ETH_P_ARP	0x0806u

#define IP_HLEN		20u
#define IP_PROTO_ICMP	1u
#define IP_PROTO_TCP	6u
#define IP_PROTO_UDP	17u
#define IP_TTL_DEFAULT	64u
#define IP_BROADCAST	0xffffffffu

#define UDP_HLEN	8u
#define TCP_HLEN	20u
#define ICMP_HLEN	8u

#define TH_FIN		0x01u
#define TH_SYN		0x02u
#define TH_RST		0x04u
#define TH_PSH		0x08u
#define TH_ACK		0x10u
#define TCP_MSS_MAX	(ETH_MTU - IP_HLEN - TCP_HLEN)
#define ARP_LEN		28u

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The Internet checksum's running sum of len bytes (RFC 1071), folded
 * from sum; finish with csum_fold. */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len);

/* Folds a running sum and complements it: the value to store. */
uint16_t csum_fold(uint32_t sum);

/* The running sum of the IPv4 pseudo-header (RFC 793, 768). */
uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

/* 1 if a is a multicast or broadcast IPv4 address. */
static inline int ip_is_multi(uint32_t a)
{
	return a == IP_BROADCAST || (a >> 28) == 0xe;
}

/* TCP sequence comparison modulo 2^32. */
#define SEQ_LT(a, b)	((int32_t)((a) - (b)) < 0)
#define SEQ_LE(a, b)	((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b)	((int32_t)((a) - (b)) > 0)
#define SEQ_GE(a, b)	((int32_t)((a) - (b)) >= 0)

#endif
