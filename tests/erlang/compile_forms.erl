-module(compile_forms).
-export([test/0]).
%% OTP's own compiler (unmodified .beam files) turns source text into a
%% .beam: scanning, parsing, linting, every optimisation pass, beam_asm
%% with zlib and md5.  The output must be byte-identical to erl's.
src() -> "-module(demo).\n-export([f/1, g/2]).\nf(X) when is_integer(X) -> X * 2;\nf(L) when is_list(L) -> [f(E) || E <- L].\ng(A, B) -> case {A, B} of {x, _} -> B; _ -> #{a => A, b => <<B:8>>} end.\n".
forms(S) -> {ok, Ts, _} = erl_scan:string(S), split(Ts, [], []).
split([], [], Acc) -> lists:reverse(Acc);
split([{dot, _} = D | T], Cur, Acc) -> {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])), split(T, [], [F | Acc]);
split([H | T], Cur, Acc) -> split(T, [H | Cur], Acc).
sum(<<>>, A) -> A;
sum(<<B, R/binary>>, A) -> sum(R, (A * 31 + B) rem 1000000007).
test() ->
    Fs = forms(src()),
    {ok, demo, Bin} = compile:forms(Fs, [binary, deterministic]),
    [byte_size(Bin), sum(Bin, 0), erlang:md5(Bin)].
