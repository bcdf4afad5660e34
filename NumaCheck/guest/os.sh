# Reading placement back from the kernel (/proc, /sys, move_pages), never from
# gemmbench's own output. Sourced by matrix.sh; busybox ash.

# "0-3,8,10-11" → "0,1,2,3,8,10,11" (the canonical form every comparison uses).
expand_list() {
    echo "$1" | awk -F, '{
        out = ""
        for (i = 1; i <= NF; i++) {
            n = split($i, r, "-")
            if (n == 1) out = out "," r[1]
            else for (c = r[1] + 0; c <= r[2] + 0; c++) out = out "," c
        }
        print substr(out, 2)
    }'
}

online_cpus() { expand_list "$(cat /sys/devices/system/cpu/online)"; }

# An affinity as the checks compare it: canonical, and "unpinned" spelled as the
# online CPUs. A process nobody pinned shows the mask it inherited from init,
# which spans every *possible* CPU (0-11 in a guest with 10 of 12 present), while
# gemmbench's own "all CPUs" is sched_getaffinity's answer, the online ones.
inherited_mask=$(expand_list "$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/1/status)")
as_affinity() {
    local list
    list=$(expand_list "$1")
    if [ "$list" = "$inherited_mask" ]; then online_cpus; else echo "$list"; fi
}
cpu_count() { online_cpus | awk -F, '{ print NF }'; }
socket_of() { cat "/sys/devices/system/cpu/cpu$1/topology/physical_package_id"; }
core_of() { cat "/sys/devices/system/cpu/cpu$1/topology/core_id"; }

node_of_cpu() {
    for dir in /sys/devices/system/node/node[0-9]*; do
        case ",$(expand_list "$(cat "$dir/cpulist")")," in *",$1,"*) echo "${dir##*node}"; return ;; esac
    done
    echo "?"
}

# The online CPUs of socket $1, canonical list.
socket_cpus() {
    local list="" cpu
    for cpu in $(online_cpus | tr , ' '); do
        [ "$(socket_of "$cpu")" = "$1" ] && list="$list,$cpu"
    done
    echo "${list#,}"
}

# Sorted distinct sockets of the online CPUs, space-separated.
sockets_list() { for cpu in $(online_cpus | tr , ' '); do socket_of "$cpu"; done | sort -n -u | tr '\n' ' '; }

# The nodes a canonical CPU list spans, "0" or "0,1".
nodes_of_list() { for cpu in $(echo "$1" | tr , ' '); do node_of_cpu "$cpu"; done | sort -n -u | tr '\n' , | sed 's/,$//'; }

# Counted from sysfs: sockets, physical cores (distinct socket:core pairs),
# logical CPUs, NUMA nodes with CPUs — "S:C:L:N".
sysfs_topology() {
    local cpu pairs="" nodes=0 dir
    for cpu in $(online_cpus | tr , ' '); do pairs="$pairs $(socket_of "$cpu"):$(core_of "$cpu")"; done
    for dir in /sys/devices/system/node/node[0-9]*; do [ -n "$(cat "$dir/cpulist")" ] && nodes=$((nodes + 1)); done
    echo "$(sockets_list | wc -w):$(echo $pairs | tr ' ' '\n' | sort -u | wc -l):$(cpu_count):$nodes"
}

# The affinity of process (or thread) $1 as the kernel holds it.
allowed_of() { as_affinity "$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$1/status" 2>/dev/null)"; }

# Child processes of $1 in the order they were started (pid order: a fresh guest never wraps).
# One cat and one awk over every /proc/PID/stat (field 4 is the parent): cheap enough to poll.
children_of() { cat /proc/[0-9]*/stat 2>/dev/null | awk -v parent="$1" '$4 == parent { print $1 }' | sort -n | tr '\n' ' '; }

# "PID LIST" for each process given, LIST the affinity all its threads share
# ("MIXED" when they differ), in one awk over their task status files.
processes_allowed() {
    local pid files=""
    for pid in "$@"; do files="$files /proc/$pid/task/*/status"; done
    # shellcheck disable=SC2086
    awk '/^Cpus_allowed_list:/ { split(FILENAME, p, "/"); pid = p[3]
            if (!(pid in list)) { list[pid] = $2; order[++n] = pid } else if (list[pid] != $2) list[pid] = "MIXED" }
         END { for (i = 1; i <= n; i++) print order[i], list[order[i]] }' $files 2>/dev/null |
    while read -r pid list; do
        case $list in MIXED) echo "$pid MIXED" ;; *) echo "$pid $(as_affinity "$list")" ;; esac
    done
}

# Processes named gemmbench still alive, space-separated pids.
gemmbench_processes() { cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(gemmbench)" { printf "%s ", $1 }'; }

# Start and end address (hex) of the memfd mapping named $2 in process $1.
mapping_of() { awk -v name="$2" 'index($0, "/memfd:" name) { split($1, r, "-"); print r[1], r[2]; exit }' "/proc/$1/maps" 2>/dev/null; }

# Waits up to $3 s until process $1 has $2 children; prints them (empty on timeout or exit).
wait_children() {
    local tries=0 kids
    while [ $tries -lt $(($3 * 10)) ]; do
        kill -0 "$1" 2>/dev/null || return 0
        kids=$(children_of "$1")
        [ "$(echo $kids | wc -w)" -ge "$2" ] && { echo "$kids"; return 0; }
        sleep 0.1; tries=$((tries + 1))
    done
}
