# Where the arena pages of each worker's C tile and A panel lie, asked of the
# kernel with move_pages (page-nodes) in the worker's own address space.
# Sourced by matrix.sh.
#
# The arena of `gemm --size N` with shm holds A, B, C (n×n doubles each) back to
# back from offset 0 (GemmRunner.runShared); with --split Px1 C is cut into P
# row tiles, tile w first-touched by worker w with the row panel of A behind it
# (FirstTouch), so worker w's pages are [w·q, (w+1)·q) of A and of C,
# q = 8n²/4096/P (n, P chosen so this is whole). Worker w is the w-th child by
# pid: the pool starts them one after another. (The default grid for 8 workers
# is 4x2, whose tiles interleave page by page; Px1 keeps the check simple.)

# "mapped/total node:count …" for pages [$3, $4) of the arena mapped at $2 in
# process $1, summed over page-nodes' runs.
arena_pages() {
    local pid=$1 base=$2 first=$3 end=$4
    page-nodes "$pid" "$(printf %x $((base + first * 4096)))" "$(printf %x $((base + end * 4096)))" |
        awk -v total=$((end - first)) '{ if ($3 >= 0) { mapped += $2; count[$3] += $2 } }
            END { printf "%d/%d", mapped, total; for (n in count) printf " node%s:%d", n, count[n]; print "" }'
}

# "A mapped/q node:count …|C mapped/q node:count …" for worker $5's A panel and
# C tile (q = $4 pages each; an n×n matrix is $3 pages) in process $1, arena at $2.
worker_pages() {
    local pid=$1 base=$2 matrix=$3 per=$4 w=$5
    echo "A $(arena_pages "$pid" "$base" $((w * per)) $(((w + 1) * per)))|C $(arena_pages "$pid" "$base" \
        $((2 * matrix + w * per)) $((2 * matrix + (w + 1) * per)))"
}

# check_first_touch NAME BIND N WORKERS strict|report: strict requires every page
# of each worker's panel and tile on the node of the worker's CPUs; report only
# prints where they went (--bind none, where first touch does not run).
check_first_touch() {
    local name=$1 bind=$2 n=$3 workers=$4 mode=$5 coordinator kids rc
    local matrix_pages=$((8 * n * n / 4096)) per=$((8 * n * n / 4096 / workers))
    # --task-timeout: one product at n = 1024 takes a minute or more under emulation.
    # report: pages are mapped only as the products touch them, so repeat products
    # to leave a window in which every worker has mapped all of its pages.
    local repeat=1
    [ "$mode" = report ] && repeat=6
    gemmbench-keep gemm --size "$n" --workers "$workers" --split "${workers}x1" --bind "$bind" --repeat $repeat --warmup 0 \
        --task-timeout 900 > "$name.out" 2> "$name.err" &
    coordinator=$!
    kids=$(wait_children "$coordinator" "$workers" 120)
    # Poll until every worker has mapped all its pages (first touch maps them
    # before the coordinator fills A and B), or the run ends.
    local tries=0 complete=no w pid base pages lines last_full=""
    while [ $tries -lt 600 ] && kill -0 "$coordinator" 2>/dev/null; do
        complete=yes; lines=""; w=0
        for pid in $kids; do
            base=$(mapping_of "$pid" gemmbench-arena | awk '{ print $1 }')
            [ -n "$base" ] || { complete=no; break; }
            pages=$(worker_pages "$pid" $((0x$base)) "$matrix_pages" "$per" "$w")
            case "$pages" in "A $per/$per "*"|C $per/$per"*) ;; *) complete=no ;; esac
            lines="$lines|$w $pid $(processes_allowed "$pid" | awk '{ print $2 }')|$pages"
            w=$((w + 1))
        done
        # The last poll that saw every worker (the report's fallback when none saw every page).
        [ "$w" -eq "$workers" ] && last_full=$lines
        [ "$complete" = yes ] && [ "$w" -eq "$workers" ] && break
        sleep 0.5; tries=$((tries + 1))
    done
    # strict: placement is judged once the pages are mapped; the product itself
    # (a minute under emulation) adds nothing here, so interrupt it (exit 130).
    [ "$mode" = strict ] && [ "$complete" = yes ] && kill -INT "$coordinator" 2>/dev/null
    wait "$coordinator"; rc=$?
    echo "${last_full#|}" | tr '|' '\n' > "$name.pages"
    if [ "$mode" = report ]; then
        note "$name" "exit $rc; $([ "$complete" = yes ] || echo "not every page mapped yet at the last look; ")per worker (A panel, C tile): $(awk 'NF == 3 && $1 ~ /^[0-9]/ { printf "w%s[%s] ", $1, $3 } $1 == "A" || $1 == "C" { printf "%s %s %s%s; ", $1, $2, $3, ($4 ? " " $4 : "") }' "$name.pages")"
        return
    fi
    local problems=""
    [ "$(echo $kids | wc -w)" -eq "$workers" ] || problems="$problems; saw $(echo $kids | wc -w) of $workers workers"
    [ "$complete" = yes ] || problems="$problems; the run ended before every worker had mapped its $per + $per pages"
    [ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] || problems="$problems; exit $rc: $(tail -n 2 "$name.err" | tr '\n' ' ')"
    local worker cpus node
    while read -r first second third rest; do
        case $first in
            A|C) [ "$second" = "$per/$per" ] && [ "$third" = "node$node:$per" ] && [ -z "$rest" ] ||
                     problems="$problems; worker $worker's $first pages: $second mapped, $third $rest (expected all $per on node $node)" ;;
            *) worker=$first; cpus=$third; node=$(nodes_of_list "$cpus")
               case $node in *,*|"") problems="$problems; worker $worker's CPUs [$cpus] span nodes $node" ;; esac ;;
        esac
    done < "$name.pages"
    if [ -z "$problems" ]; then
        pass "$name" "n=$n, $workers workers: each worker's $per A-panel and $per C-tile pages on its own node ($(awk 'NF == 3 && $1 ~ /^[0-9]/ { printf "w%s→[%s] ", $1, $3 }' "$name.pages"))"
    else
        fail "$name" "${problems#; }"
    fi
}
