/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one name of a workload's profiles. Every command and artifact that
 * names or references a profile (the AppArmor profile, docker's
 * apparmor=, Kubernetes' appArmorProfile and seccomp localhostProfile, the
 * SPO SeccompProfile) asks here, so they all agree.
 */
#ifndef LEARNPROF_PROFILE_NAME_H
#define LEARNPROF_PROFILE_NAME_H

#include "recording.h"

/*
 * name (--name) when given, as given; otherwise "learnprof-" and a word
 * from the workload: a container's image (its reference's last path
 * component, without tag or digest: docker.io/library/redis:7 -> redis),
 * else the recorded command's program (its file name), else the program
 * a container runtime started (the entrypoint) or, for a cgroup, the
 * program no other one ran; never a container id. The word is lowercased
 * and every run of other characters than [a-z0-9] is one '-', so the name
 * suits AppArmor, docker and Kubernetes (a DNS label, at most 63 bytes).
 * malloc'd.
 */
char *lp_profile_name(const struct lp_recording *r, const char *name);

/* What is wrong with a --name (every command takes the same ones: what
 * AppArmor accepts), or NULL. */
const char *lp_profile_name_problem(const char *name);

/* The word lp_profile_name would take from a container image reference
 * (malloc'd), or NULL when ref has none. */
char *lp_image_word(const char *ref);

#endif /* LEARNPROF_PROFILE_NAME_H */
