/**
 * @file
 * Asking the emulator about its CPU: Bochs's debugger or QEMU's monitor,
 * both on the emulator's stdin and stdout, every answer awaited against a
 * deadline so that asking can never hang the runner.
 *
 * @verbatim
 *   step        Bochs (debugger build)             QEMU (-monitor stdio)
 *   stop        SIGINT -> "<bochs:1> "             "stop" -> "(qemu) "
 *   registers   "r": rip: 00000000_c0106e22        "info registers":
 *                    rsp: ..., rbp: ...,             EIP=c0106e22 EFL=00000002
 *                    eflags 0x00000002               ESP=... EBP=...
 *   2 words     "x /2wx 0xc0113f70":               "x /2wx 0xc0113f70":
 *               0x00000000c0113f70 <bogus+ 0>:       c0113f70: 0xc0113fd0
 *                   0xc0113fd0  0xc0105fc3               0xc0105fc3
 *   no memory   "...: bx_dbg_read_linear: physical  "c0113f70: Cannot access
 *                address not available ..."          memory"
 * @endverbatim
 *
 * Addresses are linear (virtual): both read through the guest's page
 * tables.  Measured here: Bochs is at its prompt 1 ms after the SIGINT,
 * every command answers within a few ms; QEMU's `info registers` takes
 * about 40 ms.
 *
 * Bochs reads its first command, `c`, from the -rc file; after that it
 * reads stdin only when it stops.  If it stops without being asked (a
 * magic breakpoint, `xchg %bx, %bx`), nobody is at a keyboard: we close
 * its stdin, and it quits on the end of input as it always did with
 * /dev/null there.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bootrun.h"

/* Append what the emulator printed; false at end of file. */
static bool read_reply(struct emulator *e)
{
	for (;;) {
		size_t room = sizeof(e->reply) - 1 - e->reply_len;
		ssize_t n;

		if (room < 512) {	/* keep the newest half: prompts are at the end */
			size_t keep = sizeof(e->reply) / 2;

			memmove(e->reply, e->reply + e->reply_len - keep, keep);
			e->reply_len = keep;
			room = sizeof(e->reply) - 1 - keep;
		}
		n = read(e->reply_fd, e->reply + e->reply_len, room);
		if (n > 0) {
			e->reply_len += n;
			e->reply[e->reply_len] = '\0';
			continue;
		}
		return n < 0 && (errno == EAGAIN || errno == EINTR);
	}
}

/* Does the reply end in a prompt: "(qemu) " or "<bochs:N> "? */
static bool at_prompt(const struct emulator *e)
{
	const char *tail;

	if (e->is_qemu)
		return e->reply_len >= 7 &&
		       !strcmp(e->reply + e->reply_len - 7, "(qemu) ");
	tail = strrchr(e->reply, '<');
	return tail && !strncmp(tail, "<bochs:", 7) &&
	       e->reply_len >= 2 && !strcmp(e->reply + e->reply_len - 2, "> ");
}

/**
 * monitor_poll() - Read what the emulator printed while it runs.
 * @param e  the emulator
 * @context Called by the supervision loop, often: an unread pipe would
 * block the emulator once full.
 */
void monitor_poll(struct emulator *e)
{
	if (e->reply_fd < 0 || e->asking)
		return;
	read_reply(e);
	if (!e->is_qemu && e->cmd_fd >= 0 && at_prompt(e)) {
		close(e->cmd_fd);	/* stopped by itself: let it quit */
		e->cmd_fd = -1;
	}
}

/* Wait for the prompt; 0, or -1 with @p why filled in. */
static int wait_prompt(struct emulator *e, double deadline, char *why, size_t n)
{
	struct pollfd pfd = { .fd = e->reply_fd, .events = POLLIN };

	while (!at_prompt(e)) {
		double left = deadline - now();

		if (got_signal) {	/* the user or the grader wants out now */
			snprintf(why, n, "interrupted");
			return -1;
		}
		if (left <= 0) {
			snprintf(why, n, "%s did not answer within the bound", e->name);
			return -1;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR) {
			snprintf(why, n, "poll: %s", strerror(errno));
			return -1;
		}
		if (!read_reply(e)) {
			snprintf(why, n, "%s closed its output (exited?)", e->name);
			return -1;
		}
	}
	return 0;
}

/* Send one command line and wait for the prompt after its answer. */
static int command(struct emulator *e, const char *cmd, double deadline,
		   char *why, size_t n)
{
	size_t len = strlen(cmd), done = 0;

	read_reply(e);			/* what came before is not the answer */
	e->reply_len = 0;
	e->reply[0] = '\0';
	e->asking = true;
	while (done < len) {
		ssize_t w = write(e->cmd_fd, cmd + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(why, n, "writing to %s: %s", e->name, strerror(errno));
			return -1;
		}
		done += w;
	}
	return wait_prompt(e, deadline, why, n);
}

/**
 * monitor_stop() - Stop the guest's CPU and get the emulator's prompt.
 * @param e         the emulator
 * @param deadline  now() value by which it must have answered
 * @param why       on failure, the reason
 * @return 0, or -1 (@p why says why).
 */
int monitor_stop(struct emulator *e, double deadline, char *why, size_t n)
{
	if (e->reply_fd < 0 || e->cmd_fd < 0) {
		snprintf(why, n, "%s's debugger input is closed (it stopped by itself earlier)",
			 e->name);
		return -1;
	}
	if (e->is_qemu)
		return command(e, "stop\n", deadline, why, n);
	read_reply(e);
	e->reply_len = 0;
	e->reply[0] = '\0';
	e->asking = true;
	if (kill(e->pid, SIGINT)) {	/* Bochs's debugger: like Ctrl-C */
		snprintf(why, n, "SIGINT to %s: %s", e->name, strerror(errno));
		return -1;
	}
	return wait_prompt(e, deadline, why, n);
}

/*
 * The hex number after @p key in the reply: "rip: 00000000_c0106e22",
 * "eip: 0x0000fff0" or "EIP=c0106e22"; the low 32 bits of it.
 */
static bool hex_after(const char *reply, const char *key, uint32_t *v)
{
	const char *p = strstr(reply, key);
	unsigned long long acc = 0;
	int digits = 0;

	if (!p)
		return false;
	p += strlen(key);
	while (*p == ' ')
		p++;
	if (p[0] == '0' && p[1] == 'x')
		p += 2;
	for (; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;

		if (d < 0 && *p != '_')
			break;
		if (d >= 0) {
			acc = acc << 4 | d;
			digits++;
		}
	}
	*v = (uint32_t)acc;
	return digits > 0;
}

/* Bochs's `r` names the registers rip/rsp/rbp when built for x86-64. */
static bool bochs_reg(const char *reply, const char *r64, const char *r32,
		      uint32_t *v)
{
	return hex_after(reply, r64, v) || hex_after(reply, r32, v);
}

/**
 * monitor_regs() - Read EIP, ESP, EBP and EFLAGS of the stopped CPU.
 * @param e  the emulator, stopped by monitor_stop()
 * @param r  the registers read
 * @return 0, or -1 (@p why says why).
 */
int monitor_regs(struct emulator *e, struct cpu_regs *r, double deadline,
		 char *why, size_t n)
{
	bool ok;

	if (command(e, e->is_qemu ? "info registers\n" : "r\n", deadline, why, n))
		return -1;
	if (e->is_qemu)
		ok = hex_after(e->reply, "EIP=", &r->eip) &&
		     hex_after(e->reply, "ESP=", &r->esp) &&
		     hex_after(e->reply, "EBP=", &r->ebp) &&
		     hex_after(e->reply, "EFL=", &r->eflags);
	else
		ok = bochs_reg(e->reply, "rip:", "eip:", &r->eip) &&
		     bochs_reg(e->reply, "rsp:", "esp:", &r->esp) &&
		     bochs_reg(e->reply, "rbp:", "ebp:", &r->ebp) &&
		     hex_after(e->reply, "eflags", &r->eflags);
	if (!ok)
		snprintf(why, n, "no registers in %s's answer", e->name);
	return ok ? 0 : -1;
}

/**
 * monitor_read2() - Read two 32-bit words at a linear address.
 * @param e     the emulator, stopped by monitor_stop()
 * @param addr  the guest virtual address
 * @param word  the words at @p addr and @p addr + 4
 * @return 0, or -1 if the address is not mapped or there is no answer.
 */
int monitor_read2(struct emulator *e, uint32_t addr, uint32_t word[2],
		  double deadline)
{
	char cmd[48], key[24], why[128];
	const char *p;

	snprintf(cmd, sizeof(cmd), "x /2wx 0x%08x\n", addr);
	if (command(e, cmd, deadline, why, sizeof(why)))
		return -1;
	/* QEMU: "c0113f70: 0x.. 0x.."; Bochs: "0x...c0113f70 <bogus+ 0>:\t0x..\t0x.." */
	snprintf(key, sizeof(key), e->is_qemu ? "%08x:" : "%08x <", addr);
	p = strstr(e->reply, key);
	if (p && !e->is_qemu)
		p = strstr(p, ">:");
	if (!p || !(p = strchr(p, ':')))
		return -1;
	return sscanf(p + 1, " 0x%x 0x%x", &word[0], &word[1]) == 2 ? 0 : -1;
}
