/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Network facts: socket tuples, and the endpoints of bind, listen, connect,
 * sendto/sendmsg and accept for inet, inet6 and unix sockets, with results.
 * Counted in the facts hashes; nothing is streamed.
 */
#ifndef LEARNPROF_NET_BPF_H
#define LEARNPROF_NET_BPF_H

#define LP_AF_UNIX 1
#define LP_AF_INET 2
#define LP_AF_INET6 10
#define LP_S_IFSOCK 0140000

static __always_inline struct socket *lp_fd_socket(struct task_struct *task, int fd)
{
	struct file *f = lp_fd_file(task, fd);

	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & LP_S_IFMT) != LP_S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

static __always_inline __u64 lp_sock_type(struct socket *sock)
{
	__u64 type = 0, proto = 0;

	if (sock) {
		type = (__u16)BPF_CORE_READ(sock, type);
		proto = BPF_CORE_READ(sock, sk, sk_protocol);
	}
	return type | proto << 16;
}

/* An endpoint the program named: bind, connect, sendto, sendmsg.
 * kind_err packs the fact kind (low 16 bits) and the errno (high 16 bits):
 * BPF calls take five arguments at most. */
static __noinline void lp_net_addr(__u32 slot, __u32 kind_err, int fd,
				   const void *uaddr, __u32 ulen)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 kind = kind_err & 0xffff;
	__s32 err = kind_err >> 16;
	struct socket *sock = lp_fd_socket(task, fd);
	struct lp_fact_key k = {};
	__u16 family = 0, port = 0;
	long n;

	if (!uaddr || bpf_probe_read_user(&family, sizeof(family), uaddr))
		return;
	if (family == LP_AF_UNIX) {
		struct lp_unix_key uk = {};
		char first = 0;

		uk.slot = slot;
		uk.kind = kind;
		uk.type = (__u16)lp_sock_type(sock);
		uk.err = err;
		bpf_probe_read_user(&first, 1, uaddr + 2);
		if (first) {
			n = bpf_probe_read_user_str(uk.path, sizeof(uk.path), uaddr + 2);
			uk.len = n > 0 ? n - 1 : 0;
		} else {
			/* Abstract: every byte of the address is the name. */
			n = (long)ulen - 2;
			if (n > LP_UNIX_PATH_MAX)
				n = LP_UNIX_PATH_MAX;
			if (n > 0) {
				bpf_probe_read_user(uk.path, n, uaddr + 2);
				uk.len = n;
			}
		}
		lp_unix_add(&uk);
		return;
	}
	k.slot = slot;
	k.kind = kind;
	k.err = err;
	k.a = family;
	k.b = lp_sock_type(sock);
	if (family == LP_AF_INET) {
		struct sockaddr_in sin = {};

		bpf_probe_read_user(&sin, sizeof(sin), uaddr);
		port = sin.sin_port;
		__builtin_memcpy(k.addr, &sin.sin_addr, 4);
	} else if (family == LP_AF_INET6) {
		struct sockaddr_in6 sin6 = {};

		bpf_probe_read_user(&sin6, sizeof(sin6), uaddr);
		port = sin6.sin6_port;
		__builtin_memcpy(k.addr, &sin6.sin6_addr, 16);
	}
	k.c = __builtin_bswap16(port);
	lp_fact_add(&k);
}

/* An endpoint known from the socket itself: listen (local) and accept
 * (local port, peer address). */
static __noinline void lp_net_sock(__u32 slot, __u32 kind, int fd, __s32 err)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct socket *sock = lp_fd_socket(task, fd);
	struct lp_fact_key k = {};
	struct sock *sk;
	__u16 family;

	if (!sock)
		return;
	sk = BPF_CORE_READ(sock, sk);
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == LP_AF_UNIX) {
		struct lp_unix_key uk = {};
		struct unix_address *ua;
		int len;

		uk.slot = slot;
		uk.kind = kind;
		uk.type = (__u16)lp_sock_type(sock);
		uk.err = err;
		ua = BPF_CORE_READ((struct unix_sock *)sk, addr);
		if (ua && kind == LP_FACT_LISTEN) {
			len = BPF_CORE_READ(ua, len) - 2;
			if (len > LP_UNIX_PATH_MAX)
				len = LP_UNIX_PATH_MAX;
			if (len > 0) {
				bpf_probe_read_kernel(uk.path, len & 127, &ua->name[0].sun_path);
				uk.len = len;
			}
		}
		lp_unix_add(&uk);
		return;
	}
	k.slot = slot;
	k.kind = kind;
	k.err = err;
	k.a = family;
	k.b = lp_sock_type(sock);
	k.c = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (family == LP_AF_INET) {
		__u32 a = kind == LP_FACT_ACCEPT ? BPF_CORE_READ(sk, __sk_common.skc_daddr)
						 : BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);

		__builtin_memcpy(k.addr, &a, 4);
	} else if (family == LP_AF_INET6) {
		if (kind == LP_FACT_ACCEPT)
			BPF_CORE_READ_INTO(&k.addr, sk, __sk_common.skc_v6_daddr);
		else
			BPF_CORE_READ_INTO(&k.addr, sk, __sk_common.skc_v6_rcv_saddr);
	}
	lp_fact_add(&k);
}

#endif /* LEARNPROF_NET_BPF_H */
