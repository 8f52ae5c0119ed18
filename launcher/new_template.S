/*
 * The files `scxkit new` writes, as data in the launcher: the starting
 * policy and its Makefile, kept as plain files in new_template/ so that
 * they read (and are reviewed) as what the user gets.  The paths are
 * relative to the top of the tree, where make runs.
 */
	.section .rodata
	.global scxkit_new_policy_start, scxkit_new_policy_end
	.global scxkit_new_makefile_start, scxkit_new_makefile_end
scxkit_new_policy_start:
	.incbin "launcher/new_template/policy.bpf.c"
scxkit_new_policy_end:
scxkit_new_makefile_start:
	.incbin "launcher/new_template/Makefile"
scxkit_new_makefile_end:
	.section .note.GNU-stack,"",@progbits
