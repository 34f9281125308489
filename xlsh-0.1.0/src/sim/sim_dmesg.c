/*
 * The simulated host's hypervisor messages, what xl dmesg reads from
 * Xen's console ring: the boot of a Xen 4.17 of the host's size, with
 * the version, compiler and command line that xl info reports for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim.h"

char *
sim_xen_log(const struct simhost *h)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	fprintf(f, " __  __            _  _    _ _____   _____\n"
	    " \\ \\/ /___ _ __   | || |  / |___  | |___  |\n"
	    "  \\  // _ \\ '_ \\  | || |_ | |  / /     / /\n"
	    "  /  \\  __/ | | | |__   _|| | / /  _  / /\n"
	    " /_/\\_\\___|_| |_|    |_|(_)_|/_/  (_)/_/\n\n");
	fprintf(f, "(XEN) Xen version 4.17.7 (pkg-xen-devel@lists.alioth."
	    "debian.org) (x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0) "
	    "debug=n Thu Jan 16 12:00:00 UTC 2025\n");
	fprintf(f, "(XEN) build-id: 5e3a9d0c71f24b8a9c06d2e81f4b7a3c6d90e215\n");
	fprintf(f, "(XEN) Bootloader: GRUB 2.06-13+deb12u1\n");
	fprintf(f, "(XEN) Command line: placeholder dom0_mem=2048M,max:2048M "
	    "dom0_max_vcpus=4 no-real-mode edd=off\n");
	fprintf(f, "(XEN) Xen-e820 RAM map:\n");
	fprintf(f, "(XEN)  [0000000000000000, 000000000009fbff] (usable)\n");
	fprintf(f, "(XEN)  [0000000000100000, %016llx] (usable)\n",
	    (unsigned long long)(h->memory_mib * 1024 * 1024 + 0xfffff));
	fprintf(f, "(XEN) System RAM: %lluMB (%llukB)\n",
	    (unsigned long long)h->memory_mib,
	    (unsigned long long)h->memory_mib * 1024);
	fprintf(f, "(XEN) ACPI: RSDP 000F5A30, 0014 (r0 BOCHS )\n");
	fprintf(f, "(XEN) Using scheduler: SMP Credit Scheduler rev2 "
	    "(credit2)\n");
	fprintf(f, "(XEN) Initializing Credit2 scheduler\n");
	fprintf(f, "(XEN) Detected 2400.000 MHz processor.\n");
	fprintf(f, "(XEN) HVM: ASIDs enabled.\n");
	fprintf(f, "(XEN) HVM: Hardware Assisted Paging (HAP) detected\n");
	fprintf(f, "(XEN) Brought up %llu CPUs\n",
	    (unsigned long long)h->cpus);
	fprintf(f, "(XEN) Scheduling granularity: cpu, 1 CPU per "
	    "sched-resource\n");
	fprintf(f, "(XEN) *** LOADING DOMAIN 0 ***\n");
	fprintf(f, "(XEN)  Xen  kernel: 64-bit, lsb\n");
	fprintf(f, "(XEN)  Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> "
	    "0x3000000\n");
	fprintf(f, "(XEN) Dom0 has maximum %d VCPUs\n", SIM_DOM0_VCPUS);
	fprintf(f, "(XEN) Initial low memory virq threshold set at 0x4000 "
	    "pages.\n");
	fprintf(f, "(XEN) Scrubbing Free RAM in background\n");
	fprintf(f, "(XEN) Std. Loglevel: Errors and warnings\n");
	fprintf(f, "(XEN) Guest Loglevel: Nothing (Rate-limited: Errors and "
	    "warnings)\n");
	fprintf(f, "(XEN) *** Serial input to DOM0 (type 'CTRL-a' three times "
	    "to switch input)\n");
	fprintf(f, "(XEN) Freed 644kB init memory\n");
	if (fclose(f) != 0)
		fatal("open_memstream");
	return text;
}
