package org.jrr.syscalls;

import static org.jrr.api.syscall.ReplayAction.BRK;
import static org.jrr.api.syscall.ReplayAction.EMULATE;
import static org.jrr.api.syscall.ReplayAction.EXECUTE;
import static org.jrr.api.syscall.ReplayAction.MMAP;
import static org.jrr.api.syscall.ReplayAction.MREMAP;
import static org.jrr.api.syscall.ReplayAction.SHMAT;
import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.bitmap;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.ceilDiv;
import static org.jrr.syscalls.spec.Dsl.onSuccess;
import static org.jrr.syscalls.spec.Dsl.pageSize;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.when;

import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.SyscallSpec;

/**
 * The address space. The mapping calls have no memory outputs: replay recreates the mappings themselves. A failed
 * mmap or mremap changed nothing, so it is only emulated; munmap, mprotect and madvise run again whatever their
 * result (mprotect can apply to part of a range before failing) and the result must match.
 */
final class MemorySyscalls {
    private MemorySyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        s.add(syscall("brk").replay(BRK).build());
        s.add(syscall("mmap").replay(onSuccess(MMAP, EMULATE)).build());
        s.add(syscall("mremap").replay(onSuccess(MREMAP, EMULATE)).build());
        s.add(syscall("munmap").replay(EXECUTE).build());
        s.add(syscall("mprotect").replay(EXECUTE).build());
        s.add(syscall("madvise").replay(EXECUTE).build());
        s.add(syscall("msync").build());
        // SysV shared memory: shmat's segment is recreated by replay (SHMAT); shmdt is emulated, leaving it mapped
        s.add(syscall("shmget").build());
        s.add(syscall("shmat").replay(onSuccess(SHMAT, EMULATE)).build());
        s.add(syscall("shmdt").build());
        // shmctl(id, cmd, buf): IPC_STAT, SHM_STAT, SHM_STAT_ANY fill a shmid_ds; IPC_INFO a shminfo, SHM_INFO a
        // shm_info
        s.add(syscall("shmctl").out(byArg(1, 0xff, List.of(), when(2, buffer(2, bytes(112))),
                when(13, buffer(2, bytes(112))), when(15, buffer(2, bytes(112))), when(3, buffer(2, bytes(72))),
                when(14, buffer(2, bytes(48))))).build());
        // mincore(addr, len, vec): one byte per page
        s.add(syscall("mincore").out(buffer(2, ceilDiv(arg(1), pageSize()))).build());
        s.add(syscall("mlock").build());
        s.add(syscall("mlock2").build());
        s.add(syscall("munlock").build());
        s.add(syscall("mlockall").build());
        s.add(syscall("munlockall").build());
        s.add(syscall("membarrier").build());
        // get_mempolicy(int *mode, unsigned long *nodemask, maxnode, addr, flags)
        s.add(syscall("get_mempolicy").out(struct(0, INT), bitmap(1, arg(2))).build());
        s.add(syscall("set_mempolicy").build());
        s.add(syscall("mbind").build());
        s.add(syscall("set_mempolicy_home_node").build());
        // pages move between NUMA nodes, their contents unchanged; move_pages(pid, count, pages, nodes, int *status,
        // flags) says where each page is
        s.add(syscall("migrate_pages").build());
        s.add(syscall("move_pages").out(array(4, arg(1), INT)).build());
        // hints about another process's memory that keep its contents (cold, page out, will need, collapse)
        s.add(syscall("process_madvise").build());
        s.add(syscall("process_mrelease").build());
        return s;
    }
}
