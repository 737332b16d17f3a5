# .gdbinit - attach to `make qemu-gdb` (QEMU's gdb stub on localhost:1234).
# Start gdb as:  gdb -x .gdbinit build/solutions-lab0/kernel.elf
# (gdb only reads a project .gdbinit by itself if auto-load allows it.)
set architecture i386
target remote localhost:1234
break start_kernel
echo \nBreakpoint at start_kernel; type `continue`.\n
