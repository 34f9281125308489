/*
 * The wire protocol between xlsh and xlshd; PROTOCOL describes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef PROTO_H
#define PROTO_H

#include <stdint.h>

#include "buf.h"
#include "xlsh.h"

#define PROTO_VERSION	4
#define PROTO_MAGIC	"xlsh"
#define FRAME_MAX	(64 * 1024)	/* payload bytes in one frame */
#define FRAME_HDR	8

/* Client messages are even, server messages odd; never renumbered. */
enum msg_type {
	MSG_HELLO		= 0x10,
	MSG_HELLO_OK		= 0x11,
	MSG_SESSION		= 0x13,
	MSG_AUTH_START		= 0x20,
	MSG_AUTH_PROMPT		= 0x21,
	MSG_AUTH_REPLY		= 0x22,
	MSG_AUTH_FAIL		= 0x23,
	MSG_REQUEST		= 0x40,
	MSG_CANCEL		= 0x42,
	MSG_DOMAINS		= 0x41,
	MSG_VCPUS		= 0x43,
	MSG_INFO		= 0x45,
	MSG_TEXT		= 0x47,
	MSG_DONE		= 0x49,
	MSG_CONSOLE		= 0x4b,
	MSG_NAMES_QUERY		= 0x50,
	MSG_NAMES		= 0x51
};

/* MSG_HELLO_OK flags. */
#define HELLO_AUTH	0x01	/* log in with MSG_AUTH_START first */

/* MSG_AUTH_PROMPT styles, numbered as PAM's. */
#define PROMPT_ECHO_OFF	1	/* a secret: answer, without echo */
#define PROMPT_ECHO_ON	2	/* answer, with echo */
#define PROMPT_ERROR	3	/* show; no answer */
#define PROMPT_INFO	4	/* show; no answer */
#define PROMPT_MAX	512	/* bytes in a prompt or an answer */

/* MSG_NAMES_QUERY kinds. */
enum names_kind {
	NAMES_DOMAINS		= 1,
	NAMES_TEMPLATES		= 2,
	NAMES_VMS		= 3,	/* VMs, halted ones too */
	NAMES_VOLUMES		= 4,	/* the storage pool's volumes */
	NAMES_BRIDGES		= 5,	/* the bridges the host permits */
	NAMES_IMAGES		= 6	/* saved images */
};

/* SESSION's features: what the member may beyond the verbs. */
#define SESSION_FILES	0x01	/* create from an xl.cfg of their own */

/* MSG_TEXT streams. */
#define TEXT_STDOUT	1
#define TEXT_STDERR	2
#define TEXT_LESSON	3	/* a lesson's prose: wrapped to the terminal */

/* Result codes carried in MSG_DONE. */
enum xerr_code {
	XE_OK		= 0,
	XE_FAIL		= 1,	/* anything else */
	XE_USAGE	= 2,	/* the request did not fit the grammar */
	XE_NOTFOUND	= 3,	/* no such domain or template */
	XE_EXISTS	= 4,	/* name in use */
	XE_NOMEM	= 5,	/* not enough free memory on the host */
	XE_INVAL	= 6,	/* a value out of range */
	XE_DENIED	= 7,	/* policy said no */
	XE_TIMEOUT	= 8,	/* a wait ran past its bound */
	XE_STATE	= 9,	/* the helper's state cannot be used */
	XE_NOSPACE	= 10,	/* not enough free space in the pool */
	XE_BUSY		= 11	/* in use: a volume attached to a VM */
};

struct xerr {
	int	code;
	char	msg[256];
};

void	xerr_set(struct xerr *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/* Domain flags, as libxl_dominfo has them. */
#define DI_RUNNING	0x01
#define DI_BLOCKED	0x02
#define DI_PAUSED	0x04
#define DI_SHUTDOWN	0x08
#define DI_DYING	0x10

/* Shutdown reasons, numbered as libxl_shutdown_reason. */
#define SHUTDOWN_POWEROFF	0
#define SHUTDOWN_REBOOT		1
#define SHUTDOWN_SUSPEND	2
#define SHUTDOWN_CRASH		3
#define SHUTDOWN_WATCHDOG	4
#define SHUTDOWN_SOFT_RESET	5

struct dominfo {
	uint32_t	domid;
	char		name[XLSH_NAME_MAX + 1];
	uint8_t		uuid[16];
	uint32_t	flags;		/* DI_* */
	uint32_t	shutdown_reason;
	uint64_t	current_memkb;
	uint64_t	outstanding_memkb;
	uint64_t	max_memkb;
	uint32_t	vcpu_online;
	uint32_t	vcpu_max;
	uint64_t	cpu_time_ns;
	uint64_t	start_time;	/* seconds since the epoch */
};

#define VI_ONLINE	0x01
#define VI_RUNNING	0x02
#define VI_BLOCKED	0x04

struct vcpuinfo {
	uint32_t	domid;
	char		name[XLSH_NAME_MAX + 1];
	uint32_t	vcpuid;
	uint32_t	cpu;
	uint32_t	flags;		/* VI_* */
	uint64_t	time_ns;
	char		hard[64];	/* affinity, as xl prints it */
	char		soft[64];
};

#define HOST_STR	128

struct hostinfo {
	char		host[HOST_STR];
	char		release[HOST_STR];
	char		version[HOST_STR];
	char		machine[HOST_STR];
	uint32_t	nr_cpus;
	uint32_t	max_cpu_id;
	uint32_t	nr_nodes;
	uint32_t	cores_per_socket;
	uint32_t	threads_per_core;
	uint32_t	cpu_khz;
	uint32_t	hw_cap[8];
	char		virt_caps[HOST_STR];	/* " hvm pv ..." as xl */
	uint64_t	total_mib;
	uint64_t	free_mib;
	uint64_t	sharing_freed_mib;
	uint64_t	sharing_used_mib;
	uint64_t	outstanding_mib;
	uint32_t	free_cpus;
	uint32_t	xen_major;
	uint32_t	xen_minor;
	char		xen_extra[HOST_STR];
	char		xen_caps[HOST_STR];
	char		xen_scheduler[32];
	uint32_t	xen_pagesize;
	uint64_t	virt_start;
	char		xen_changeset[HOST_STR];
	char		xen_commandline[HOST_STR];
	char		cc_compiler[HOST_STR];
	char		cc_compile_by[HOST_STR];
	char		cc_compile_domain[HOST_STR];
	char		cc_compile_date[HOST_STR];
	char		build_id[HOST_STR];
	uint64_t	boot_time;	/* seconds since the epoch (dom0) */
};

/* fdpass.c */
int	sock_connect(const char *);
int	fd_send(int, int);
int	fd_recv(int);

/* frame.c */
int	full_write(int, const void *, size_t);
int	frame_put(struct buf *, uint32_t, const struct buf *);
int	frame_write(int, uint32_t, const struct buf *);
int	frame_read(int, uint32_t *, struct buf *, int);

/* msg.c: typed payloads */
int	msg_put_dominfo(struct buf *, const struct dominfo *);
int	msg_get_dominfo(struct buf *, struct dominfo *);
int	msg_put_vcpuinfo(struct buf *, const struct vcpuinfo *);
int	msg_get_vcpuinfo(struct buf *, struct vcpuinfo *);
int	msg_put_hostinfo(struct buf *, const struct hostinfo *);
const char *xerr_name(int);

#endif /* PROTO_H */
