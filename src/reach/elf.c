// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What an ELF file imports: the undefined function symbols of its dynamic
 * symbol table. A statically linked program has none to read; for it, the
 * executable sections are scanned for `syscall` instructions with a
 * constant number loaded into %eax/%rax just before (directly, or through
 * one register copy). The scan is a heuristic: it finds what a compiler
 * wrote as constants and says nothing of numbers computed at run time.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reach.h"

/* How far back from a syscall instruction a `mov` is looked for. */
#define SCAN_RAX_WINDOW 32
#define SCAN_REG_WINDOW 64
#define SCAN_MAX_NR 512		/* x86_64 numbers; x32's start at 512 */

struct elf_facts {
	bool interp, needed, dynsym;
};

/* Is it mov $imm32 into register reg (0-15), ending at end? *imm set. */
static bool mov_imm_to(const uint8_t *p, size_t j, size_t end, int reg, int64_t *imm)
{
	uint8_t op = 0xb8 | (reg & 7);
	uint32_t v;

	if (reg < 8 && j + 5 == end && p[j] == op && (j == 0 || (p[j - 1] & 0xf0) != 0x40)) {
		memcpy(&v, p + j + 1, 4);
	} else if (reg >= 8 && j + 6 == end && p[j] == 0x41 && p[j + 1] == op) {
		memcpy(&v, p + j + 2, 4);
	} else if (j + 7 == end && p[j] == (reg < 8 ? 0x48 : 0x49) && p[j + 1] == 0xc7 &&
		   p[j + 2] == (0xc0 | (reg & 7))) {
		memcpy(&v, p + j + 3, 4);
	} else {
		return false;
	}
	*imm = v;
	return true;
}

/* Is it mov %src, %rax (or %eax) ending at end? Returns src, or -1. */
static int mov_reg_to_rax(const uint8_t *p, size_t j, size_t end)
{
	if (j + 3 != end || p[j + 1] != 0x89 || (p[j + 2] & 0xc7) != 0xc0)
		return -1;
	if (p[j] == 0x48 || p[j] == 0x40)
		return (p[j + 2] >> 3) & 7;
	if (p[j] == 0x4c || p[j] == 0x44)
		return 8 + ((p[j + 2] >> 3) & 7);
	return -1;
}

/* Where an instruction of up to 7 bytes ending at e may start, not before lo. */
static size_t first_start(size_t e, size_t lo)
{
	return e - lo > 7 ? e - 7 : lo;
}

/* The nearest constant loaded into reg before end (within window), or -1. */
static int64_t last_imm(const uint8_t *p, size_t end, int reg, size_t window)
{
	size_t lo = end > window ? end - window : 0;
	int64_t imm;

	for (size_t e = end; e > lo; e--)
		for (size_t j = first_start(e, lo); j < e; j++)
			if (mov_imm_to(p, j, e, reg, &imm))
				return imm;
	return -1;
}

/* The number the syscall instruction at i makes, when a constant; -1 else. */
static int64_t syscall_nr_at(const uint8_t *p, size_t i)
{
	size_t lo = i > SCAN_RAX_WINDOW ? i - SCAN_RAX_WINDOW : 0;
	int64_t imm;
	int src;

	for (size_t e = i; e > lo; e--) {
		for (size_t j = first_start(e, lo); j < e; j++) {
			if (mov_imm_to(p, j, e, 0, &imm))
				return imm;
			src = mov_reg_to_rax(p, j, e);
			if (src > 0)
				return last_imm(p, j, src, SCAN_REG_WINDOW);
		}
	}
	return -1;
}

static void add_nr(struct lp_elf *out, int64_t nr, size_t *cap)
{
	if (nr < 0 || nr >= SCAN_MAX_NR)
		return;
	for (size_t k = 0; k < out->nnrs; k++)
		if (out->nrs[k] == nr)
			return;
	*LP_PUSH(out->nrs, out->nnrs, *cap) = nr;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void scan_section(Elf_Scn *scn, struct lp_elf *out, size_t *cap)
{
	Elf_Data *d = NULL;

	while ((d = elf_getdata(scn, d))) {
		const uint8_t *p = d->d_buf;

		for (size_t i = 0; p && i + 1 < d->d_size; i++)
			if (p[i] == 0x0f && p[i + 1] == 0x05)
				add_nr(out, syscall_nr_at(p, i), cap);
	}
}

static void scan_code(Elf *elf, struct lp_elf *out)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t cap = 0;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS &&
		    (sh.sh_flags & SHF_EXECINSTR))
			scan_section(scn, out, &cap);
	lp_qsort(out->nrs, out->nnrs, sizeof(*out->nrs), cmp_i64);
}

static void read_dynsym(Elf *elf, Elf_Scn *scn, GElf_Shdr *sh, struct lp_elf *out)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Sym sym;
	const char *name;

	for (size_t k = 0; d && sh->sh_entsize && k < sh->sh_size / sh->sh_entsize; k++) {
		if (!gelf_getsym(d, (int)k, &sym) || sym.st_shndx != SHN_UNDEF ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (name && *name)
			sl_add(&out->imports, xstrdup(name));
	}
}

static void read_dynamic(Elf_Scn *scn, GElf_Shdr *sh, struct elf_facts *f)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Dyn dyn;

	for (size_t k = 0; d && sh->sh_entsize && k < sh->sh_size / sh->sh_entsize; k++)
		if (gelf_getdyn(d, (int)k, &dyn) && dyn.d_tag == DT_NEEDED)
			f->needed = true;
}

static void read_sections(Elf *elf, struct lp_elf *out, struct elf_facts *f)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM) {
			f->dynsym = true;
			read_dynsym(elf, scn, &sh, out);
		} else if (sh.sh_type == SHT_DYNAMIC) {
			read_dynamic(scn, &sh, f);
		}
	}
}

static void read_phdrs(Elf *elf, struct elf_facts *f)
{
	size_t n = 0;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n))
		return;
	for (size_t k = 0; k < n; k++)
		if (gelf_getphdr(elf, (int)k, &ph) && ph.p_type == PT_INTERP)
			f->interp = true;
}

/* Why elf is not one this reads (an x86_64 ELF file), or NULL. */
static const char *elf_problem(Elf *elf)
{
	GElf_Ehdr eh;

	if (!elf || elf_kind(elf) != ELF_K_ELF)
		return "not an ELF file";
	if (!gelf_getehdr(elf, &eh) || gelf_getclass(elf) != ELFCLASS64 ||
	    eh.e_machine != EM_X86_64)
		return "not an x86_64 ELF file";
	return NULL;
}

int lp_elf_read(const char *path, struct lp_elf *out, char **why)
{
	struct elf_facts f = { 0 };
	const char *problem;
	Elf *elf = NULL;
	int fd, ret = -1;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		*why = xasprintf("libelf: %s", elf_errmsg(-1));
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = xstrdup(strerror(errno));
		return -1;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	problem = elf_problem(elf);
	if (problem) {
		*why = xstrdup(problem);
		goto cleanup;
	}
	read_phdrs(elf, &f);
	read_sections(elf, out, &f);
	sl_sort_uniq(&out->imports);
	out->is_static = !f.interp && !f.needed && !f.dynsym;
	if (out->is_static) {
		out->method = LP_ELF_SCAN;
		scan_code(elf, out);
	}
	ret = 0;
cleanup:
	elf_end(elf);
	close(fd);
	return ret;
}

void lp_elf_free(struct lp_elf *e)
{
	if (!e)
		return;
	sl_free(&e->imports);
	free(e->nrs);
	e->nrs = NULL;
	e->nnrs = 0;
}
