-module(re_replace).
-export([test/0]).
%% re:replace/3,4 (OTP's Erlang code over re:run): &, \N, \gN and \g{N}
%% references, escaped characters, global, the return types, unicode and
%% precompiled patterns, and its badarg cases.
c(F) -> try F() catch C:R -> {C, R} end.
test() ->
    Cases = [{"abcabc", "b", "X"}, {"abcabc", "(a)(b)", "[\\2\\1]"},
             {"abcabc", "b", "<&>"}, {"abcabc", "b", "\\&"},
             {"2024-06-01", "(\\d+)-(\\d+)-(\\d+)", "\\3/\\2/\\1"},
             {"ab", "(a)", "\\g1x"}, {"ab", "(a)", "\\g{1}0"},
             {"ab", "(a)", "\\10"}, {"ab", "(a)(x)?", "[\\2]"},
             {"ab", "a", "\\\\"}, {"abc", "", "-"}, {"abc", "x*", "-"},
             {"hello world", "o", ""}, {"aaa", "a*", "X"},
             {<<"bin subject">>, "\\s", "_"}, {["io", <<"list">>], "ol", "OL"},
             {"a.b.c", "\\.", "\\\\."}, {"nomatch", "z", "Q"},
             {"ab", "b", <<"bin">>}, {"ab", "b", ["io", $l]}],
    Plain = [{re:replace(S, P, R), re:replace(S, P, R, [global]),
              re:replace(S, P, R, [{return, list}]),
              re:replace(S, P, R, [global, {return, binary}]),
              re:replace(S, P, R, [global, {return, iodata}])}
             || {S, P, R} <- Cases],
    Uni = [{re:replace(S, P, R, [unicode, {return, list}]),
            re:replace(S, P, R, [unicode, global, {return, binary}]),
            re:replace(S, P, R, [unicode, global])}
           || {S, P, R} <- [{[16#3b1, $a, 16#3b2], "a", [16#3c9]},
                            {[16#e9, 16#e9], [16#e9], "e"},
                            {[16#4e2d, 16#6587], "(.)", "<\\1>"},
                            {unicode:characters_to_binary([16#1f600, $x]), "x", "y"},
                            {"abc", "", [16#2022]}]],
    {ok, MP} = re:compile("(o+)"),
    Pre = [re:replace("foo boo", MP, "0\\1", [global, {return, list}]),
           re:replace("foo boo", MP, "", [{return, binary}]),
           re:replace("FOO", "o", "x", [caseless, global, {return, list}]),
           re:replace("a\nb", "^", ">", [multiline, global, {return, list}]),
           re:replace("abcabc", "b", "X", [{offset, 2}, {return, list}]),
           re:replace("abcabc", "b", "X", [anchored, {return, list}]),
           re:replace("aXbX", "x", "-", [caseless, global, {return, list}, notempty])],
    Bad = [c(F) || F <- [
        fun() -> re:replace("a", "(", "b") end,
        fun() -> re:replace("a", "a", "b", [{return, foo}]) end,
        fun() -> re:replace("a", "a", "b", [{capture, all}]) end,
        fun() -> re:replace("a", "a", "b", [report_errors]) end,
        fun() -> re:replace("a", "a", "b", [bad]) end,
        fun() -> re:replace(a, "a", "b") end,
        fun() -> re:replace("a", "a", b) end,
        fun() -> re:replace("a", MP, "b", [caseless]) end]],
    [Plain, Uni, Pre, Bad].
