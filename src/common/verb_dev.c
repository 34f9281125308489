/*
 * The storage pool's verbs (virsh's names), a domain's devices and the
 * saved images, as xl's (verb.c holds the table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "xlsh.h"
#include "verb_table.h"

const struct verb verb_vol_list = {
	.id = V_VOL_LIST, .name = "vol-list",
	.role = ROLE_READ_ONLY,
	.opts = { { 'd', "also show type, capacity and allocation",
		    "details" } },
	.summary = "virsh style: list the pool's volumes",
	.example = "vol-list --details",
};

const struct verb verb_vol_create = {
	.id = V_VOL_CREATE, .name = "vol-create",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { { .type = A_NEWVOL, .meta = "NAME" },
		  { .type = A_VOLSIZE, .meta = "SIZE" } },
	.summary = "create an empty volume in the pool",
	.example = "vol-create web-data 2g",
};

const struct verb verb_vol_snapshot = {
	.id = V_VOL_SNAPSHOT, .name = "vol-snapshot",
	.role = ROLE_VM_POWER_ADMIN, .flags = VF_MODIFIES,
	.args = { { .type = A_VOLUME, .meta = "VOL" },
		  { .type = A_NEWVOL, .meta = "NAME" } },
	.summary = "create a volume as a snapshot of another",
	.example = "vol-snapshot web-root web-before-upgrade",
};

const struct verb verb_vol_resize = {
	.id = V_VOL_RESIZE, .name = "vol-resize",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { { .type = A_VOLUME, .meta = "VOL" },
		  { .type = A_VOLSIZE, .meta = "SIZE" } },
	.summary = "grow a volume (never shrink it)",
	.example = "vol-resize web-data 4g",
};

const struct verb verb_vol_delete = {
	.id = V_VOL_DELETE, .name = "vol-delete",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES | VF_CONFIRM,
	.opts = { { 'f', "do not ask first", "force" } },
	.args = { { .type = A_VOLUME, .meta = "VOL" } },
	.summary = "delete a volume no VM uses, and its data",
	.example = "vol-delete web-data",
};

const struct verb verb_block_list = {
	.id = V_BLOCK_LIST, .name = "block-list",
	.role = ROLE_READ_ONLY,
	.args = { DOM("DOMAIN") },
	.summary = "list a domain's virtual block devices",
	.example = "block-list web",
};

const struct verb verb_block_attach = {
	.id = V_BLOCK_ATTACH, .name = "block-attach",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { DOM("DOMAIN"), { .type = A_VOLUME, .meta = "VOL" },
		  { .type = A_VDEV, .meta = "VDEV" } },
	.summary = "give a running domain a volume as a disk",
	.example = "block-attach web web-data xvdb",
};

const struct verb verb_block_detach = {
	.id = V_BLOCK_DETACH, .name = "block-detach",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { DOM("DOMAIN"), { .type = A_VDEV, .meta = "VDEV" } },
	.summary = "take a disk away from a running domain",
	.example = "block-detach web xvdb",
};

const struct verb verb_network_list = {
	.id = V_NETWORK_LIST, .name = "network-list",
	.role = ROLE_READ_ONLY,
	.args = { DOM("DOMAIN") },
	.summary = "list a domain's network interfaces",
	.example = "network-list web",
};

const struct verb verb_network_attach = {
	.id = V_NETWORK_ATTACH, .name = "network-attach",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { DOM("DOMAIN"),
		  { .type = A_BRIDGE, .key = "bridge",
		    .meta = "BRIDGE" },
		  { .type = A_MAC, .key = "mac", .meta = "MAC",
		    .optional = 1 } },
	.summary = "give a running domain a vif on a permitted bridge",
	.example = "network-attach web bridge=xenbr0",
};

const struct verb verb_network_detach = {
	.id = V_NETWORK_DETACH, .name = "network-detach",
	.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
	.args = { DOM("DOMAIN"),
		  { .type = A_NIC, .meta = "DEVID|MAC" } },
	.summary = "take a vif away from a running domain",
	.example = "network-detach web 1",
};

const struct verb verb_images = {
	.id = V_IMAGES, .name = "images",
	.role = ROLE_READ_ONLY,
	.summary = "list saved images",
	.example = "images",
};

const struct verb verb_image_delete = {
	.id = V_IMAGE_DELETE, .name = "image-delete",
	.role = ROLE_VM_POWER_ADMIN, .flags = VF_MODIFIES | VF_CONFIRM,
	.opts = { { 'f', "do not ask first", "force" } },
	.args = { { .type = A_IMAGE, .meta = "IMAGE" } },
	.summary = "delete a saved image",
	.example = "image-delete web-monday",
};
