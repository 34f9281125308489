/*
 * One argument of a request: a word checked against its verb_arg's
 * type, range-checked and kept typed in a struct req_arg (parse.c
 * places the words; options' values are checked here too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "xlsh.h"

#define DOMID_MAX	0x7fefU		/* below Xen's reserved ids */

int
parse_arg(const struct verb *v, const struct verb_arg *spec,
    const char *word, struct req_arg *out, char *err, size_t errlen)
{
	size_t		klen, i;
	uint32_t	vdev;
	char		cpuerr[128];

	memset(out, 0, sizeof(*out));
	out->type = spec->type;
	if (spec->key != NULL) {
		klen = strlen(spec->key);
		if (strncmp(word, spec->key, klen) != 0 || word[klen] != '=') {
			snprintf(err, errlen, "%s: expected %s=%s, not '%s'",
			    v->name, spec->key, spec->meta, word);
			return -1;
		}
		word += klen + 1;
		if (*word == '\0') {
			snprintf(err, errlen, "%s: %s= needs a value",
			    v->name, spec->key);
			return -1;
		}
	} else if (strchr(word, '=') != NULL) {
		snprintf(err, errlen, "%s: '%s' is not a %s: key=value "
		    "settings are not accepted here", v->name, word,
		    spec->meta);
		return -1;
	}
	out->str = word;

	switch (spec->type) {
	case A_DOMAIN:
		if (word[strspn(word, "0123456789")] == '\0') {
			if (parse_uint(word, DOMID_MAX, &out->num) == -1)
				goto bad;
			out->is_id = 1;
		} else if (!valid_domain_name(word) &&
		    strcmp(word, "Domain-0") != 0)
			goto bad;
		break;
	case A_NEWNAME:
		if (!valid_domain_name(word))
			goto bad;
		break;
	case A_DOMID:
		if (parse_uint(word, DOMID_MAX, &out->num) == -1)
			goto bad;
		break;
	case A_SIZE:
		if (parse_size_kb(word, &out->num) == -1)
			goto bad;
		break;
	case A_COUNT:
		if (parse_uint(word, XLSH_VCPUS_MAX, &out->num) == -1 ||
		    out->num == 0)
			goto bad;
		break;
	case A_CONFIG:
		if (is_config_path(word)) {
			if (strlen(word) > 255)
				goto bad;
		} else if (!valid_domain_name(word))
			goto bad;
		break;
	case A_VM:
		if (!valid_domain_name(word) && strcmp(word, "Domain-0") != 0 &&
		    !is_uuid(word))
			goto bad;
		break;
	case A_TEMPLATE:
		if (!valid_domain_name(word))
			goto bad;
		break;
	case A_MEMBER:
		if (!valid_member_name(word))
			goto bad;
		break;
	case A_VOLUME:
	case A_NEWVOL:
		if (!valid_volume_name(word))
			goto bad;
		break;
	case A_VOLSIZE:
		if (parse_volsize_mib(word, &out->num) == -1)
			goto bad;
		break;
	case A_VDEV:
		if (parse_vdev(word, &vdev) == -1)
			goto bad;
		out->num = vdev;
		break;
	case A_IMAGE:
	case A_NEWIMAGE:
		if (!valid_image_name(word))
			goto bad;
		break;
	case A_VCPU:
		if (strcmp(word, "all") == 0)
			out->all = 1;
		else if (parse_uint(word, XLSH_VCPUS_MAX - 1, &out->num) == -1)
			goto bad;
		break;
	case A_CPUS:
		if (strcmp(word, "all") == 0)
			out->all = 1;
		else if (strcmp(word, "-") != 0 &&
		    cpuset_check(word, cpuerr, sizeof(cpuerr)) == -1) {
			snprintf(err, errlen, "%s: %s", v->name, cpuerr);
			return -1;
		}
		break;
	case A_WEIGHT:
		if (parse_uint(word, 65535, &out->num) == -1 || out->num == 0)
			goto bad;
		break;
	case A_CAP:
		if (parse_uint(word, 100 * XLSH_VCPUS_MAX, &out->num) == -1)
			goto bad;
		break;
	case A_BRIDGE:
		if (!valid_bridge_name(word))
			goto bad;
		break;
	case A_MAC:
		if (parse_unicast_mac(word, out->mac) == -1)
			goto bad;
		break;
	case A_NIC:
		if ((out->is_mac = strchr(word, ':') != NULL) ?
		    parse_mac(word, out->mac) == -1 :
		    parse_uint(word, 0xffff, &out->num) == -1)
			goto bad;
		break;
	case A_SYSRQ:
		if (strlen(word) != 1 || !isalnum((unsigned char)word[0]))
			goto bad;
		break;
	case A_PARAM:
		for (i = 0; vm_params[i] != NULL; i++)
			if (strcmp(vm_params[i], word) == 0)
				break;
		if (vm_params[i] == NULL) {
			snprintf(err, errlen, "%s: unknown param-name '%s' "
			    "(uuid, name-label, power-state, "
			    "memory-static-max, VCPUs-max or owner)",
			    v->name, word);
			return -1;
		}
		break;
	case A_WORD:
		if (strlen(word) > XLSH_NAME_MAX ||
		    word[strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789._-")] != '\0')
			goto bad;
		break;
	case A_VERB:
		if (verb_lookup(word) == NULL) {
			snprintf(err, errlen, "%s: no such verb '%s'",
			    v->name, word);
			return -1;
		}
		break;
	case A_NONE:
		fatalx("parse_arg: A_NONE");
	}
	return 0;

bad:
	switch (spec->type) {
	case A_DOMAIN:
		snprintf(err, errlen, "%s: '%s' is not a domain name or id",
		    v->name, word);
		break;
	case A_NEWNAME:
		if (strcmp(word, "Domain-0") == 0) {
			snprintf(err, errlen, "%s: 'Domain-0' is reserved for "
			    "the host's own domain", v->name);
			break;
		}
		snprintf(err, errlen, "%s: '%s' is not a valid domain name "
		    "(a letter or digit, then letters, digits, '.', '_' or "
		    "'-', at most %d, not all digits)", v->name, word,
		    XLSH_NAME_MAX);
		break;
	case A_DOMID:
		snprintf(err, errlen, "%s: '%s' is not a domain id (0 to %u)",
		    v->name, word, DOMID_MAX);
		break;
	case A_SIZE:
		snprintf(err, errlen, "%s: '%s' is not a memory size (a "
		    "number of MiB, or a number followed by b, k, m, g or t)",
		    v->name, word);
		break;
	case A_COUNT:
		snprintf(err, errlen, "%s: '%s' is not a vcpu count (1 to "
		    "%d)", v->name, word, XLSH_VCPUS_MAX);
		break;
	case A_VM:
		snprintf(err, errlen, "%s: '%s' is not a VM's name or uuid",
		    v->name, word);
		break;
	case A_TEMPLATE:
		snprintf(err, errlen, "%s: '%s' is not a template name",
		    v->name, word);
		break;
	case A_MEMBER:
		snprintf(err, errlen, "%s: '%s' is not a member's name",
		    v->name, word);
		break;
	case A_VOLUME:
	case A_NEWVOL:
		snprintf(err, errlen, "%s: '%s' is not a valid volume name "
		    "(a letter or digit, then letters, digits, '.' or '-', at "
		    "most %d, not beginning snapshot or pvmove)", v->name, word,
		    XLSH_VOL_MAX);
		break;
	case A_VOLSIZE:
		snprintf(err, errlen, "%s: '%s' is not a volume size (a number "
		    "of MiB, or a number followed by k, m, g or t; at most "
		    "16t)", v->name, word);
		break;
	case A_VCPU:
		snprintf(err, errlen, "%s: Invalid argument %s as VCPU (a "
		    "vcpu's number, 0 to %d, or all)", v->name, word,
		    XLSH_VCPUS_MAX - 1);
		break;
	case A_WEIGHT:
		snprintf(err, errlen, "%s: '%s' is not a weight (1 to 65535)",
		    v->name, word);
		break;
	case A_CAP:
		snprintf(err, errlen, "%s: '%s' is not a cap (a %% of one "
		    "cpu, 0 to %d; 0 is none)", v->name, word,
		    100 * XLSH_VCPUS_MAX);
		break;
	case A_VDEV:
		snprintf(err, errlen, "%s: '%s' is not a virtual disk "
		    "(xvda to xvdz, or xvdaa to xvdzz)", v->name, word);
		break;
	case A_IMAGE:
	case A_NEWIMAGE:
		/* xl save takes a file; here the helper keeps the images. */
		if (strchr(word, '/') != NULL) {
			snprintf(err, errlen, "%s: '%s' is a path: images are "
			    "kept by the helper and named, never placed (give "
			    "a name such as web-1; images lists yours)",
			    v->name, word);
			break;
		}
		snprintf(err, errlen, "%s: '%s' is not a valid image name (a "
		    "letter or digit, then letters, digits, '.', '_' or '-', "
		    "at most %d)", v->name, word, XLSH_IMAGE_MAX);
		break;
	case A_BRIDGE:
	case A_MAC:
	case A_NIC:
	case A_SYSRQ:
		snprintf(err, errlen, "%s: '%s' is not %s", v->name, word,
		    arg_is(spec->type));
		break;
	case A_WORD:
		snprintf(err, errlen, "%s: '%s' is not a word (letters, "
		    "digits, '.', '_' or '-', at most %d)", v->name, word,
		    XLSH_NAME_MAX);
		break;
	default:
		snprintf(err, errlen, "%s: '%s' is not a template name or a "
		    "path to an xl.cfg file", v->name, word);
		break;
	}
	return -1;
}
