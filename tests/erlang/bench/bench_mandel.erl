-module(bench_mandel).
-export([run/0]).
%% Mandelbrot set on a 200x200 grid, 50 iterations: float arithmetic.
run() -> lists:sum([point(X / 100 - 1.5, Y / 100 - 1.0) || X <- lists:seq(0, 199), Y <- lists:seq(0, 199)]).
point(Cr, Ci) -> iter(0.0, 0.0, Cr, Ci, 0).
iter(_, _, _, _, 50) -> 1;
iter(Zr, Zi, Cr, Ci, N) ->
    Zr2 = Zr * Zr, Zi2 = Zi * Zi,
    if Zr2 + Zi2 > 4.0 -> 0;
       true -> iter(Zr2 - Zi2 + Cr, 2.0 * Zr * Zi + Ci, Cr, Ci, N + 1)
    end.
