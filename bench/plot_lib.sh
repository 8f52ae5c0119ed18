# shellcheck shell=sh
# Sourced by bench/plot_rocksdb.sh and bench/plot_apps.sh: the start every
# benchmark plot shares, so that they all look alike.

# png_head PNG TITLE SUBTITLE WIDTH HEIGHT - gnuplot's first lines: a PNG
# of WIDTH x HEIGHT pixels, TITLE with SUBTITLE smaller below it.
png_head() {
	printf 'set terminal pngcairo size %s,%s font "sans,10"\n' "$4" "$5"
	printf 'set output "%s"\n' "$1"
	printf 'set title "%s\\n{/*0.8 %s}" enhanced\n' "$2" "$3"
}
