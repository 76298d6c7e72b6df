export PATH=/usr/local/cuda/bin:$PATH LD_LIBRARY_PATH=$PWD/.device/lib
for e in coba microcircuit; do
ncu --kernel-name regex:"neuron_step|deliver" --launch-skip 400 --launch-count 20 --metrics gpu__time_duration.sum,sm__warps_active.avg.pct_of_peak_sustained_active .device/bin/snn run experiments/$e.yaml --backend cuda --duration 100 --no-progress -o /tmp/a.h5 2>&1 | grep -E "neuron_step_kernel|deliver_kernel|gpu__time_duration" | paste - - | awk '{print $1, $(NF)}' | sort | uniq -c | head -8
done
