#!/bin/sh
# Draws make bench's Get p99 against offered load, one line per scheduler,
# from summarize_rocksdb.awk's gnuplot data (blocks headed by the
# scheduler's name in quotes).  Each scheduler keeps its own colour and
# dash in every plot, so that no two look alike and a reader learns them
# once; shinjuku, the flagship, is the thick dark red line.  A block named
# "NAME ideal" (an idealized reference for NAME) is drawn in NAME's colour,
# thin and dotted, without points.
#   plot_rocksdb.sh DATA PNG TITLE SUBTITLE
set -eu
dat=$1 png=$2 title=$3 subtitle=$4

# style NAME - gnuplot's line style for NAME: colour, dash, width, points.
style() {
	case $1 in
	cfs) echo 'lc rgb "#000000" dt 1 lw 2 pt 7' ;;
	cfs-nice) echo 'lc rgb "#7f7f7f" dt 2 lw 2 pt 6' ;;
	bare) echo 'lc rgb "#1b9e77" dt 1 lw 2 pt 5' ;;
	fifo) echo 'lc rgb "#1f5fbf" dt 1 lw 2 pt 9' ;;
	fifo-futex) echo 'lc rgb "#56b4e9" dt 2 lw 2 pt 8' ;;
	fifo-syscall) echo 'lc rgb "#6a3d9a" dt 4 lw 2 pt 10' ;;
	rr) echo 'lc rgb "#e69f00" dt 1 lw 2 pt 11' ;;
	vtime) echo 'lc rgb "#8c510a" dt 5 lw 2 pt 12' ;;
	boost) echo 'lc rgb "#999933" dt 1 lw 2 pt 13' ;;
	nest) echo 'lc rgb "#66a61e" dt 4 lw 2 pt 4' ;;
	userland) echo 'lc rgb "#b8a000" dt 5 lw 2 pt 3' ;;
	shinjuku) echo 'lc rgb "#8b0000" dt 1 lw 5 pt 7 ps 1.6' ;;
	shinjuku-central) echo 'lc rgb "#e34a33" dt 2 lw 2 pt 2' ;;
	shinjuku-scan) echo 'lc rgb "#fc8d59" dt 4 lw 2 pt 1' ;;
	shinjuku-hint) echo 'lc rgb "#c51b7d" dt 5 lw 3 pt 14' ;;
	shinjuku-default) echo 'lc rgb "#d95f02" dt 2 lw 3 pt 15' ;;
	*) # Anything else (make bench-ab's labels, new policies): a
		# colour from its name, so it is stable between plots.
		h=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
		set -- "#4d4d4d" "#117733" "#332288" "#aa4499" "#44aa99" "#88ccee"
		shift $((h % 6))
		echo "lc rgb \"$1\" dt 3 lw 2 pt $((h % 5 + 1))"
		;;
	esac
}

plot='' i=0
for name in $(sed -n 's/^"\(.*\)"$/\1/p' "$dat" | tr ' ' '@'); do
	name=$(echo "$name" | tr '@' ' ')
	case $name in
	*" ideal")
		st="$(style "${name% ideal}" | sed 's/dt [0-9]*/dt 3/;
			s/lw [0-9]*/lw 1/; s/ pt [0-9]*//; s/ ps [0-9.]*//') with lines"
		;;
	*) st="$(style "$name") with linespoints" ;;
	esac
	plot="$plot${plot:+, }\"$dat\" index $i using 1:2 $st title columnheader(1)"
	i=$((i + 1))
done
[ -n "$plot" ] || { echo "plot_rocksdb: no data in $dat" >&2; exit 1; }
# shellcheck source=bench/plot_lib.sh
. "$(dirname "$0")/plot_lib.sh"
{
	png_head "$png" "$title" "$subtitle" 1100 700
	cat <<GP
set xlabel "offered load (requests/s)"
set ylabel "Get p99, Total (ms)"
set logscale y
set key outside right top
set grid
plot $plot
GP
} | gnuplot
