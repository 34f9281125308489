/*
 * xlsh - a restricted login shell for Xen Dom0 management.
 * Declarations shared by the shell (xlsh) and the helper (xlshd).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef XLSH_H
#define XLSH_H

#include <stddef.h>
#include <stdint.h>

/* Limits of the grammar; both processes enforce them. */
#define XLSH_LINE_MAX		1024	/* bytes in one command line */
#define XLSH_WORDS_MAX		16	/* words in one command line */
#define XLSH_NAME_MAX		64	/* bytes in a domain name */
#define XLSH_VCPUS_MAX		128	/* vcpus a domain may have */
#define XLSH_CONFIG_MAX		(32 * 1024)	/* bytes in an xl.cfg */
#define UUID_STR		37	/* a uuid as text, with its NUL */
#define XLSH_VOL_MAX		64	/* bytes in a volume's name */
#define XLSH_VOL_MIB_MAX	(16ULL << 20)	/* MiB in a volume: 16 TiB */
#define XLSH_EXTENT_MIB		4	/* volumes grow by 4 MiB, as lvm's */
#define XLSH_VDEV_MAX		15	/* bytes in a virtual device name */

/* Exit statuses of xlsh -c. */
#define XLSH_EXIT_OK		0
#define XLSH_EXIT_FAIL		1	/* the request failed */
#define XLSH_EXIT_USAGE		2	/* the line was not a valid command */

/* Every verb, builtin or not.  The order is the verb table's order. */
enum verb_id {
	V_HELP,
	V_WHOAMI,
	V_HISTORY,
	V_EXIT,
	V_LIST,
	V_VM_LIST,
	V_INFO,
	V_UPTIME,
	V_VCPU_LIST,
	V_DOMID,
	V_DOMNAME,
	V_TEMPLATES,
	V_QUOTA,
	V_DMESG,
	V_CREATE,
	V_SHUTDOWN,
	V_REBOOT,
	V_DESTROY,
	V_PAUSE,
	V_UNPAUSE,
	V_RENAME,
	V_MEM_SET,
	V_MEM_MAX,
	V_VCPU_SET,
	V_CONSOLE,
	V_VOL_LIST,
	V_VOL_CREATE,
	V_VOL_SNAPSHOT,
	V_VOL_RESIZE,
	V_VOL_DELETE,
	V_BLOCK_LIST,
	V_BLOCK_ATTACH,
	V_BLOCK_DETACH,
	V_NETWORK_LIST,
	V_XE_VM_START,
	V_XE_VM_SHUTDOWN,
	V_XE_VM_REBOOT,
	V_XE_VM_PAUSE,
	V_XE_VM_UNPAUSE,
	V_XE_VM_INSTALL,
	V_XE_VM_UNINSTALL,
	V_XE_VM_PARAM_GET,
	V_XE_VM_PARAM_SET,
	V_XE_HOST_LIST,
	V_TOP,
	V_LESSON,
	V__COUNT
};

/*
 * Roles, in the order of xe's RBAC ladder: each includes the verbs of
 * those below it.  ROLE_NONE is everybody, even a member with no
 * privileges (help, whoami, exit).
 */
enum role {
	ROLE_NONE,
	ROLE_READ_ONLY,
	ROLE_VM_OPERATOR,
	ROLE_VM_ADMIN,
	ROLE_VM_POWER_ADMIN,
	ROLE_POOL_OPERATOR,
	ROLE_POOL_ADMIN,
	ROLE__COUNT
};

/* The type of one positional argument. */
enum arg_type {
	A_NONE,
	A_DOMAIN,	/* an existing domain: name or numeric id */
	A_NEWNAME,	/* a name for a domain: [A-Za-z0-9][A-Za-z0-9._-]* */
	A_SIZE,		/* memory size, xl's units: b k m g t, default m */
	A_COUNT,	/* a whole number of vcpus, 1..XLSH_VCPUS_MAX */
	A_CONFIG,	/* a template name, or a path to an xl.cfg */
	A_VERB,		/* the name of a verb */
	A_DOMID,	/* a numeric domain id */
	A_VM,		/* a VM, running or halted: its name or uuid */
	A_TEMPLATE,	/* a template's name */
	A_PARAM,	/* a VM's field, by xe's name (vm_params) */
	A_MEMBER,	/* a member's name */
	A_VOLUME,	/* a volume of the storage pool, by name */
	A_NEWVOL,	/* a name for a new volume */
	A_VOLSIZE,	/* a volume's size: MiB, or a number and k m g t */
	A_VDEV,		/* a guest's virtual disk: xvda ... xvdz, xvdaa ... */
	A_WORD		/* a plain word: [A-Za-z0-9._-], at most 64 */
};

/* Verb flags. */
#define VF_LOCAL	0x01	/* answered by the shell alone */
#define VF_MODIFIES	0x02	/* changes the state of a domain or host */
#define VF_HIDDEN	0x08	/* not offered by completion or help */
#define VF_SELF		0x10	/* about the member: everyone may ask */
#define VF_CONFIRM	0x20	/* the shell asks first; -c needs --force */

struct verb_opt {
	char		 letter;
	const char	*help;
	const char	*lng;	/* the long form ("json" for --json), or NULL */
};

struct verb_arg {
	enum arg_type	 type;
	const char	*key;	/* xe style "key=VALUE", or NULL */
	const char	*meta;	/* the name in usage lines */
	int		 optional;
	int		 repeat;	/* may be given several times (last) */
};

#define VERB_OPTS_MAX	4
#define VERB_ARGS_MAX	3

struct verb {
	enum verb_id		 id;
	const char		*name;
	const char		*alias;
	unsigned int		 flags;
	enum role		 role;	/* the least role that may use it */
	enum verb_id		 xl;	/* an xe alias: the xl verb it does */
	struct verb_opt		 opts[VERB_OPTS_MAX];
	struct verb_arg		 args[VERB_ARGS_MAX];
	const char		*summary;
	const char		*example;
};

extern const struct verb verbs[V__COUNT];
/* vm-param-get's fields, xe's names, NULL-terminated. */
extern const char *const vm_params[];

const struct verb	*verb_lookup(const char *);
const struct verb	*verb_by_id(enum verb_id);
enum verb_id		 verb_xl(const struct verb *);
void			 verb_usage(const struct verb *, char *, size_t);
const char		*role_name(enum role);
int			 role_lookup(const char *, enum role *);

/* One validated argument. */
struct req_arg {
	enum arg_type	 type;
	const char	*str;	/* the word as typed, less any "key=" */
	uint64_t	 num;	/* A_SIZE: KiB; A_VOLSIZE: MiB; A_VDEV: its
				   Xen device number; A_COUNT, A_DOMID: the
				   number */
	int		 is_id;	/* A_DOMAIN: the word was a numeric id */
};

#define REQ_ARGS_MAX	XLSH_WORDS_MAX

/* A command line after the grammar accepted it. */
struct request {
	const struct verb	*verb;
	unsigned int		 opts;	/* bit i: verb->opts[i] was given */
	int			 nargs;
	struct req_arg		 args[REQ_ARGS_MAX];
};

/* token.c */
struct words {
	int	 n;
	char	*w[XLSH_WORDS_MAX];
	char	 buf[XLSH_LINE_MAX + 1];
};
int	 tokenize(const char *, size_t, struct words *, char *, size_t);
int	 word_char_ok(int);

/* parse.c */
int	 parse_request(int, char *const *, struct request *, char *, size_t);
int	 req_opt(const struct request *, char);
int	 valid_domain_name(const char *);
int	 valid_member_name(const char *);
int	 parse_size_kb(const char *, uint64_t *);
int	 parse_uint(const char *, uint64_t, uint64_t *);
int	 is_config_path(const char *);
int	 is_uuid(const char *);
int	 valid_volume_name(const char *);
int	 valid_bridge_name(const char *);
int	 parse_vdev(const char *, uint32_t *);
int	 parse_volsize_mib(const char *, uint64_t *);

/* util.c */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
size_t	 strvis_name(char *, size_t, const char *);
void	 strv_free(char **, size_t);
int	 parse_uuid(const char *, uint8_t *);
char	*fmt_uuid(char *, const uint8_t *);	/* UUID_STR bytes */
void	 new_uuid(uint8_t *);			/* 16 bytes */
char	*fmt_mac(char *, const uint8_t *);	/* 18 bytes */
int	 parse_mac(const char *, uint8_t *);
void	 new_mac(uint8_t *);			/* 00:16:3e:... */
uint64_t now_ms(void);
uint64_t mono_ms(void);
void	 slog(const char *, ...) __attribute__((format(printf, 1, 2)));
extern const char *progname;
extern int log_syslog;		/* slog and fatal to syslog */

#endif /* XLSH_H */
