-module(re_global).
-export([test/0]).
%% re:run/3 with global (OTP's re:grun/3 over internal_run/4): every
%% capture selection and type, empty matches stepping over characters and
%% CRLF pairs, offsets, and precompiled patterns.
test() ->
    Subjects = ["abcabc", <<"a1b22c333">>, "", "aaa", "x y  z", "a\r\nb\r\nc",
                ["ab", <<"ab">>, $a], "ba ba ba"],
    Patterns = ["a", "\\d+", "", "x*", "(a)(b)?", "(?<l>[a-z])(?<d>\\d*)",
                "\\s*", "^", "$", "(?m)^.", "b|$"],
    Grid = [re:run(S, P, [global]) || P <- Patterns, S <- Subjects],
    Types = [re:run("a1b2c", "([a-z])(\\d)?(x)?", [global, {capture, Spec, T}])
             || Spec <- [all, first, all_but_first, none, [], [2, 0],
                         [3], [9]],
                T <- [index, list, binary]],
    Named = [re:run("k1=v1;k2=v2", "(?<k>\\w+)=(?<v>\\w+)",
                    [global, {capture, Spec, T}])
             || Spec <- [all_names, [v], ["k", <<"v">>]], T <- [index, list, binary]],
    Crlf = [re:run(S, P, [global | O])
            || S <- ["a\r\nb", "\r\n\r\n", "\r\r\n"],
               P <- ["", "x*", "(?m)$"],
               O <- [[], [{newline, crlf}], [{newline, anycrlf}], [{newline, any}]]],
    Offs = [re:run("aXbXcX", "X", [global, {offset, N}]) || N <- [0, 1, 2, 5, 6]],
    {ok, MP} = re:compile("(\\w)(\\w)"),
    {ok, MPc} = re:compile("", [{newline, crlf}]),
    Pre = [re:run("abcdefg", MP, [global]),
           re:run("abcdefg", MP, [global, {capture, [2, 1], list}]),
           re:run(<<"abcdefg">>, MP, [global, {capture, all, binary}, {offset, 2}]),
           re:run("a\r\nb", MPc, [global]),
           re:run("zzz", MP, [global]),
           re:run("ab", MP, [global, notempty]),
           re:run("aaa", "a*?", [global]),
           re:run("aaa", "a*?", [global, notempty]),
           re:run("aaa", "a*?", [global, notempty_atstart]),
           re:run("aaa", "a", [global, anchored]),
           re:run("abc", "", [global, {capture, none}]),
           re:run("abc", "z", [global, {capture, none}])],
    %% Through apply, funs and a fresh process: the BIFs hand over to
    %% re.erl (grun, urun) however they were called.
    Self = self(),
    spawn(fun() -> Self ! {r, re:run("xyx", "x", [global])} end),
    Via = [apply(re, run, ["abab", "b", [global]]),
           (fun re:replace/4)("abab", "b", "c", [global, {return, list}]),
           erlang:apply(fun re:run/3, [[16#3b1], ".", [unicode, {capture, all, list}]]),
           lists:map(fun(S) -> re:run(S, "a", [global, {capture, none}]) end,
                     ["a", "b", <<"aa">>]),
           receive {r, R} -> R end],
    [Grid, Types, Named, Crlf, Offs, Pre, Via].
