/*
 * The words of the grammar, each checked alone: domain and member
 * names, numbers, memory sizes, paths to xl.cfg files and uuids.  Both
 * processes use them, and the helper checks what it reads back from
 * its database with them too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

/*
 * A name for a domain or template: a letter or digit, then letters,
 * digits, '.', '_' or '-', at most XLSH_NAME_MAX bytes.  All-digit
 * names are refused because they would read as domain ids, and
 * Domain-0 is the host's.
 */
int
valid_domain_name(const char *s)
{
	size_t	i, n = strlen(s);
	int	digits = 1;

	if (n == 0 || n > XLSH_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')) {
			digits = 0;
			continue;
		}
		if (s[i] >= '0' && s[i] <= '9')
			continue;
		if (i > 0 && strchr("._-", s[i]) != NULL) {
			digits = 0;
			continue;
		}
		return 0;
	}
	return !digits && strcmp(s, "Domain-0") != 0;
}

/*
 * A member's name, as PAM gave it: it names audit records, failure
 * records and ${user} in policy patterns, so it is kept plain.
 */
int
valid_member_name(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && n <= 32 && s[0] != '-' && s[0] != '.' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

/* A whole decimal number no larger than max. */
int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t	v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/*
 * A memory size as xl's mem-set reads it: digits and at most one unit
 * letter, b (bytes), k, m, g or t; no unit means MiB.  Returns KiB.
 */
int
parse_size_kb(const char *s, uint64_t *kb)
{
	char		 digits[24];
	size_t		 n = strlen(s);
	uint64_t	 v, limit = (uint64_t)1 << 40;	/* 1 PiB in KiB */
	int		 unit = 'm';

	if (n == 0 || n >= sizeof(digits))
		return -1;
	memcpy(digits, s, n + 1);
	if (digits[n - 1] < '0' || digits[n - 1] > '9') {
		unit = digits[n - 1] | 0x20;
		digits[n - 1] = '\0';
	}
	if (parse_uint(digits, limit << 10, &v) == -1)
		return -1;
	switch (unit) {
	case 't':
		v <<= 30;
		break;
	case 'g':
		v <<= 20;
		break;
	case 'm':
		v <<= 10;
		break;
	case 'k':
		break;
	case 'b':
		v >>= 10;
		break;
	default:
		return -1;
	}
	if (v == 0 || v > limit)
		return -1;
	*kb = v;
	return 0;
}

/* A uuid as xl and xe print it: 8-4-4-4-12 hexadecimal digits. */
int
is_uuid(const char *s)
{
	uint8_t	u[16];

	return strlen(s) == UUID_STR - 1 && parse_uuid(s, u) == 0;
}


/*
 * A volume's name in the storage pool: a letter or digit, then letters,
 * digits, '.' or '-', at most XLSH_VOL_MAX bytes.  '_' is left out, for
 * lvm's names of its own hidden volumes (pool_tdata, lv_rimage_0) are
 * made of it, and so are names that begin "snapshot" or "pvmove", which
 * lvm reserves.
 */
int
valid_volume_name(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > XLSH_VOL_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-") != n)
		return 0;
	return strncmp(s, "snapshot", 8) != 0 && strncmp(s, "pvmove", 6) != 0;
}

/*
 * A saved image's name: a letter or digit, then letters, digits, '.',
 * '_' or '-'.  Never a path: the helper names the files.
 */
int
valid_image_name(const char *s)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t	n = strlen(s);

	if (n == 0 || n > XLSH_IMAGE_MAX || strchr(alnum, s[0]) == NULL)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

/*
 * A guest's virtual disk as xl names it, xvda to xvdz, then xvdaa to
 * xvdzz (no partitions): its Xen device number, as libxl makes it
 * (202 << 8 | disk << 4 below 16 disks, 1 << 28 | disk << 8 above).
 */
int
parse_vdev(const char *s, uint32_t *devid)
{
	size_t		n = strlen(s);
	uint32_t	disk;

	if (strncmp(s, "xvd", 3) != 0 || n < 4 || n > 5 ||
	    strspn(s + 3, "abcdefghijklmnopqrstuvwxyz") != n - 3)
		return -1;
	if (n == 4)
		disk = (uint32_t)(s[3] - 'a');
	else
		disk = 26 * (uint32_t)(s[3] - 'a' + 1) + (uint32_t)(s[4] - 'a');
	*devid = disk < 16 ? (202 << 8) | (disk << 4) : (1U << 28) |
	    (disk << 8);
	return 0;
}

/*
 * A volume's size: MiB, or digits and one unit letter, k, m, g or t;
 * rounded up to whole extents (XLSH_EXTENT_MIB), as lvcreate rounds,
 * at most XLSH_VOL_MIB_MAX.
 */
int
parse_volsize_mib(const char *s, uint64_t *mib)
{
	uint64_t	kb;

	if (strlen(s) > 0 && (s[strlen(s) - 1] | 0x20) == 'b')
		return -1;
	if (parse_size_kb(s, &kb) == -1)
		return -1;
	kb = (kb + XLSH_EXTENT_MIB * 1024 - 1) / (XLSH_EXTENT_MIB * 1024);
	if (kb > XLSH_VOL_MIB_MAX / XLSH_EXTENT_MIB)
		return -1;
	*mib = kb * XLSH_EXTENT_MIB;
	return 0;
}

/* A network bridge's name, as Linux allows an interface's (IFNAMSIZ). */
int
valid_bridge_name(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && n <= 15 && s[0] != '.' && s[0] != '-' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

/* A MAC a guest's interface may have: not a group's, not all zeros. */
int
parse_unicast_mac(const char *s, uint8_t *m)
{
	if (parse_mac(s, m) == -1 || (m[0] & 1) ||
	    (m[0] | m[1] | m[2] | m[3] | m[4] | m[5]) == 0)
		return -1;
	return 0;
}
