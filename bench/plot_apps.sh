#!/bin/sh
# Draws make bench-apps' GET p99 per scheduler, the server alone beside
# the server with the batch load, as pairs of bars with the repeats'
# min-max as error bars, from summarize_apps.awk's data (one line a
# scheduler: name, then median, min and max alone, then the same beside
# the batch load).
#   plot_apps.sh DATA PNG TITLE SUBTITLE
set -eu
dat=$1 png=$2 title=$3 subtitle=$4
[ -s "$dat" ] || { echo "plot_apps: no data in $dat" >&2; exit 1; }
# shellcheck source=bench/plot_lib.sh
. "$(dirname "$0")/plot_lib.sh"
{
	png_head "$png" "$title" "$subtitle" 1000 600
	cat <<GP
set ylabel "GET p99 (ms), median and min-max over repeats"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set yrange [0:*]
set key top left
set grid ytics
plot "$dat" using 2:3:4:xtic(1) title "alone" lc rgb "#1f5fbf", \
	"" using 5:6:7 title "beside the batch load" lc rgb "#8b0000"
GP
} | gnuplot
