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
#define XLSH_IMAGE_MAX		64	/* bytes in an image's name */

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
	V_NETWORK_ATTACH,
	V_NETWORK_DETACH,
	V_SYSRQ,
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
	V_VCPU_PIN,
	V_SCHED_CREDIT2,
	V_SAVE,
	V_RESTORE,
	V_IMAGES,
	V_IMAGE_DELETE,
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
	A_VCPU,		/* a vcpu's number, or all */
	A_CPUS,		/* host cpus as xl takes them: 0-3,^2 all, or - */
	A_WEIGHT,	/* a credit2 weight, 1..65535 */
	A_CAP,		/* a credit2 cap, % of one cpu: 0 (none) .. */
	A_BRIDGE,	/* a bridge's name (the helper's list permits) */
	A_MAC,		/* a unicast MAC address, 00:16:3e:12:34:56 */
	A_NIC,		/* a domain's network interface: devid or MAC */
	A_SYSRQ,	/* a magic SysRq key: one letter or digit */
	A_IMAGE,	/* a saved image, by name */
	A_NEWIMAGE,	/* a name for a new image: never a path */
	A_WORD		/* a plain word: [A-Za-z0-9._-], at most 64 */
};

/* Verb flags. */
#define VF_LOCAL	0x01	/* answered by the shell alone */
#define VF_MODIFIES	0x02	/* changes the state of a domain or host */
#define VF_HIDDEN	0x08	/* not offered by completion or help */
#define VF_SELF		0x10	/* about the member: everyone may ask */
#define VF_CONFIRM	0x20	/* the shell asks first; -c needs --force */

/*
 * An option.  A flag (type A_NONE) with a long form has only that; an
 * option that takes a value (-d DOMAIN) is typed as an argument is, and
 * is given as -d VALUE, --domain=VALUE or --domain VALUE.  role: the
 * least role that may give it, above the verb's (ROLE_NONE: the
 * verb's); modifies: giving it makes the request change the host.
 */
struct verb_opt {
	char		 letter;
	const char	*help;
	const char	*lng;	/* the long form ("json" for --json), or NULL */
	enum arg_type	 type;	/* the value's, or A_NONE for a flag */
	const char	*meta;	/* the value's name in usage lines */
	enum role	 role;
	int		 modifies;
};

struct verb_arg {
	enum arg_type	 type;
	const char	*key;	/* xe style "key=VALUE", or NULL */
	const char	*meta;	/* the name in usage lines */
	int		 optional;
	int		 repeat;	/* may be given several times (last) */
};

#define VERB_OPTS_MAX	4
#define VERB_ARGS_MAX	4

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

extern const struct verb *const verbs[V__COUNT];
/* vm-param-get's fields, xe's names, NULL-terminated. */
extern const char *const vm_params[];

const struct verb	*verb_lookup(const char *);
const struct verb	*verb_by_id(enum verb_id);
enum verb_id		 verb_xl(const struct verb *);
int			 verb_keyed(const struct verb *, const char *);
void			 verb_usage(const struct verb *, char *, size_t);
const char		*role_name(enum role);
int			 role_lookup(const char *, enum role *);

/*
 * The magic SysRq keys sysrq sends, each with the least role that may
 * send it; a key not in the table is sent by no one.
 */
struct sysrq_key {
	char		 key;
	enum role	 role;
	const char	*what;
};
extern const struct sysrq_key sysrq_keys[];
const struct sysrq_key	*sysrq_key(char);
/* A key=value word whose key is none of the verb's keyed arguments'. */
int			 verb_key_foreign(const struct verb *, const char *);
const char		*arg_is(enum arg_type);

/* One validated argument. */
struct req_arg {
	enum arg_type	 type;
	const char	*str;	/* the word as typed, less any "key=" */
	uint64_t	 num;	/* A_SIZE: KiB; A_VOLSIZE: MiB; A_VDEV: its
				   Xen device number; A_COUNT, A_DOMID: the
				   number; A_NIC: the devid, if not is_mac */
	int		 is_id;	/* A_DOMAIN: the word was a numeric id */
	int		 all;	/* A_VCPU, A_CPUS: the word was "all" */
	int		 is_mac; /* A_NIC: the word was a MAC, in mac */
	uint8_t		 mac[6]; /* A_MAC, A_NIC */
};

#define REQ_ARGS_MAX	XLSH_WORDS_MAX

/* A command line after the grammar accepted it. */
struct request {
	const struct verb	*verb;
	unsigned int		 opts;	/* bit i: verb->opts[i] was given */
	int			 nargs;
	struct req_arg		 args[REQ_ARGS_MAX];
	struct req_arg		 optv[VERB_OPTS_MAX];	/* their values */
};

/* token.c */
struct words {
	int	 n;
	char	*w[XLSH_WORDS_MAX];
	char	 buf[XLSH_LINE_MAX + 1];
};
int	 tokenize(const char *, size_t, struct words *, char *, size_t);
int	 word_char_ok(int);

/* parse.c, arg.c */
int	 parse_request(int, char *const *, struct request *, char *, size_t);
int	 parse_arg(const struct verb *, const struct verb_arg *, const char *,
	    struct req_arg *, char *, size_t);
int	 req_opt(const struct request *, char);
const struct req_arg *req_optv(const struct request *, char);
enum role req_role(const struct request *);
int	 req_modifies(const struct request *);
const struct req_arg *req_target(const struct request *, int);
int	 valid_domain_name(const char *);
int	 valid_member_name(const char *);
int	 parse_size_kb(const char *, uint64_t *);
int	 parse_uint(const char *, uint64_t, uint64_t *);
int	 is_config_path(const char *);
int	 is_uuid(const char *);
int	 valid_volume_name(const char *);
int	 valid_bridge_name(const char *);
int	 valid_image_name(const char *);
int	 parse_vdev(const char *, uint32_t *);
int	 parse_volsize_mib(const char *, uint64_t *);

/* cpuset.c: host cpus as xl writes and prints them. */
#define CPUSET_WORD_MAX	255	/* bytes in a cpu list */
int	 cpuset_check(const char *, char *, size_t);
int	 cpuset_parse(const char *, uint8_t *, uint32_t, char *, size_t);
void	 cpuset_format(const uint8_t *, uint32_t, char *, size_t);

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
int	 parse_unicast_mac(const char *, uint8_t *);
void	 new_mac(uint8_t *);			/* 00:16:3e:... */
uint64_t now_ms(void);
uint64_t mono_ms(void);
void	 slog(const char *, ...) __attribute__((format(printf, 1, 2)));
extern const char *progname;
extern int log_syslog;		/* slog and fatal to syslog */

#endif /* XLSH_H */
