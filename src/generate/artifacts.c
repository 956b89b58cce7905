// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The table of artifacts `learnprof generate` writes. Each is a pure
 * function of the recordings; each file is written atomically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "landlock.h"
#include "artifacts.h"
#include "caps.h"
#include "report.h"
#include "seccomp_gen.h"
#include "util.h"

typedef char *(*gen_fn)(const struct lp_recording *rec, const struct lp_artifact_opts *o);

static char *seccomp_as(const struct lp_recording *rec, const struct lp_artifact_opts *o,
			enum lp_seccomp_format f)
{
	struct lp_seccomp_opts so = { .format = f, .args = true, .runtime = o->runtime,
				      .name = o->name };

	return lp_seccomp_generate(rec, &so);
}

static char *gen_oci(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return seccomp_as(r, o, LP_SECCOMP_OCI);
}

static char *gen_docker(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return seccomp_as(r, o, LP_SECCOMP_DOCKER);
}

static char *gen_spo(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return seccomp_as(r, o, LP_SECCOMP_SPO);
}

static char *gen_apparmor(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	struct lp_apparmor_opts ao = { .name = o->name, .exec_mode = LP_AA_IX };

	return apparmor_generate(r, &ao);
}

static char *gen_landlock(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	struct ll_gen_opts lo = { .name = o->name };

	return ll_generate(r, &lo, false);
}

static char *gen_report(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	struct lp_report rp;
	char *t;

	report_build_for(r, o->runtime, &rp);
	t = report_render(&rp, LP_REPORT_MARKDOWN, false);
	report_free(&rp);
	return t;
}

static char *caps_as(const struct lp_recording *rec, const struct lp_artifact_opts *o,
		     enum lp_caps_format f)
{
	struct lp_caps_opts co = { .format = f, .name = o->name };

	return caps_generate(rec, &co);
}

static char *gen_caps(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return caps_as(r, o, LP_CAPS_TEXT);
}

static char *gen_flags(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return caps_as(r, o, LP_CAPS_DOCKER);
}

static char *gen_k8s(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return caps_as(r, o, LP_CAPS_KUBERNETES);
}

static char *gen_systemd(const struct lp_recording *r, const struct lp_artifact_opts *o)
{
	return caps_as(r, o, LP_CAPS_SYSTEMD);
}

static const struct {
	const char *file;
	gen_fn fn;
} artifacts[] = {
	{ "seccomp.json", gen_oci },
	{ "seccomp-docker.json", gen_docker },
	{ "seccomp-profile.yaml", gen_spo },
	{ "apparmor.profile", gen_apparmor },
	{ "landlock.toml", gen_landlock },
	{ "capabilities.txt", gen_caps },
	{ "docker-flags.txt", gen_flags },
	{ "kubernetes-security-context.yaml", gen_k8s },
	{ "systemd-hardening.conf", gen_systemd },
	{ "report.md", gen_report },
};

int artifacts_write(const struct lp_recording *rec,
		    const struct lp_artifact_opts *o, const char *dir)
{
	for (size_t i = 0; i < ARRAY_SIZE(artifacts); i++) {
		char *path = xasprintf("%s/%s", dir, artifacts[i].file);
		char *text = artifacts[i].fn(rec, o);
		int err = !text || lp_write_file(path, text, strlen(text));

		if (!err)
			printf("%s\n", path);
		free(text);
		free(path);
		if (err)
			return -1;
	}
	return 0;
}
