#!/bin/sh
# tests/kernel/batch_ssh.sh - a stand-in for ssh that "logs in" to a host
# which is this machine, so the HOSTS= path of make grade-batch (parallel's
# --sshloginfile, --transferfile, --return, --cleanup) runs in CI without
# an ssh server.  batch_tests.sh names it in its hosts file:
#
#   1/.../tests/kernel/batch_ssh.sh host-a
#
# parallel then calls it as it would call ssh, both for commands
# ("host-a -- exec perl -e ...") and as rsync's remote shell
# ("host-a rsync --server ...").  Each host gets a home folder of its own
# in the test's work folder, build/batch-tests/homes/HOST, where the
# command runs, as ssh starts a remote command in the home folder: a
# submission reaches a job only by being copied there, and a report comes
# back only by being copied back.  (The folder is found from this file's
# place: parallel clears the environment for some of its ssh calls.)

# Skip ssh's options (those that take a value, then the flags).
while [ $# -gt 0 ]; do
	case $1 in
	-[BbcDEeFIiJLlmOopQRSWw]) shift 2 ;;
	--) shift; break ;;
	-*) shift ;;
	*) break ;;
	esac
done
host=${1:?batch_ssh.sh: no host}
shift
[ "${1-}" = -- ] && shift

home=$(dirname "$0")/../../build/batch-tests/homes/$host
mkdir -p "$home" && cd "$home" || exit 255
# Like sshd: the words of the command, joined by blanks, to a shell.
exec sh -c "$*"
