// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The one name of a workload's profiles (see include/profile_name.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "profile_name.h"
#include "util.h"

#define PREFIX "learnprof-"
#define NAME_MAX_LEN 63		/* a Kubernetes DNS label */

char *lp_image_word(const char *ref)
{
	const char *slash, *end;

	if (!ref || !*ref)
		return NULL;
	end = strchr(ref, '@');		/* a digest */
	if (!end)
		end = ref + strlen(ref);
	slash = ref;
	for (const char *p = ref; p < end; p++)
		if (*p == '/')
			slash = p + 1;
	for (const char *p = slash; p < end; p++)
		if (*p == ':') {		/* a tag: after the last '/' only */
			end = p;
			break;
		}
	return end > slash ? xstrndup(slash, (size_t)(end - slash)) : NULL;
}

/* PREFIX and word in [a-z0-9-], or NULL when word has none of them. */
static char *from_word(const char *word)
{
	size_t o = strlen(PREFIX), max = NAME_MAX_LEN;
	char *out = xmalloc(o + strlen(word) + 1);

	memcpy(out, PREFIX, o);
	for (const char *p = word; *p && o < max; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = c;
		else if (out[o - 1] != '-')
			out[o++] = '-';
	}
	while (out[o - 1] == '-')
		o--;
	out[o] = '\0';
	if (o <= strlen(PREFIX)) {
		free(out);
		return NULL;
	}
	return out;
}

/* The word of one run: its image's, else its command's. malloc'd or NULL. */
static char *run_word(const struct lp_meta *m)
{
	char *w = lp_image_word(m->image);

	if (!w && m->ncommand && m->command[0] && *lp_base_name(m->command[0]))
		w = xstrdup(lp_base_name(m->command[0]));
	return w;
}

/* The word most runs give (the first by bytes on a tie), so that merging
 * in any order names the same. malloc'd or NULL. */
static char *runs_word(const struct lp_meta *m)
{
	size_t n = m->nsources ? m->nsources : 1, best = 0, bestn = 0;
	char **w = xcalloc(n, sizeof(char *)), *out;

	for (size_t i = 0; i < n; i++)
		w[i] = run_word(m->nsources ? &m->sources[i] : m);
	for (size_t i = 0; i < n; i++) {
		size_t c = 0;

		for (size_t k = 0; w[i] && k < n; k++)
			c += w[k] && !strcmp(w[i], w[k]);
		if (c > bestn || (c && c == bestn && strcmp(w[i], w[best]) < 0))
			best = i, bestn = c;
	}
	out = bestn ? w[best] : NULL;
	for (size_t i = 0; i < n; i++)
		if (i != best || !bestn)
			free(w[i]);
	free(w);
	return out;
}

static bool ran_by(const struct lp_recording *r, const char *path, bool runtime)
{
	for (size_t i = 0; i < r->nexes; i++) {
		const struct lp_factset *fs = &r->exes[i]->facts[LP_CAT_EXECUTES];

		if (runtime && !rec_is_runtime_program(r->exes[i]->path))
			continue;
		for (size_t k = 0; k < fs->n; k++)
			if (!fs->v[k].err && lp_streq(fs->v[k].s[0], path))
				return true;
	}
	return false;
}

/* The entrypoint: the first program (by path) a runtime started, else the
 * first no other program started. */
static const char *entry_program(const struct lp_recording *r)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nexes; i++) {
			const struct lp_exe *e = r->exes[i];

			if (rec_is_runtime_program(e->path) || (e->flags & LP_PATH_AFTER_FILTER))
				continue;
			if (pass == 0 ? ran_by(r, e->path, true) : !ran_by(r, e->path, false))
				return e->path;
		}
	return NULL;
}

char *lp_profile_name(const struct lp_recording *r, const char *name)
{
	char *word, *out = NULL;
	const char *src;

	if (name && *name)
		return xstrdup(name);
	word = runs_word(&r->meta);
	if (word)
		out = from_word(word);
	free(word);
	src = entry_program(r);
	if (!out && src)
		out = from_word(lp_base_name(src));
	return out ? out : xstrdup("learnprof");
}

/* AppArmor's rule, the strictest of the places the name goes. */
const char *lp_profile_name_problem(const char *name)
{
	size_t n = strlen(name);

	if (!n)
		return "it is empty";
	if (name[0] == ' ' || name[n - 1] == ' ')
		return "it starts or ends with a space";
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._+- ", name[i]))
			return "only letters, digits, spaces and . _ + - may be used";
	return NULL;
}
