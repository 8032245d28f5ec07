-module(re_split).
-export([test/0]).
%% re:split/2,3 (OTP's Erlang code over re:run): groups kept in the result,
%% trim, {parts, N}, group, return types, unicode, precompiled patterns and
%% badarg cases.
c(F) -> try F() catch C:R -> {C, R} end.
test() ->
    Cases = [{"a,b,,c,,", ","}, {"a1b22c333", "\\d+"}, {"abc", ""},
             {"a b  c", "(\\s+)"}, {"a-b_c", "(-)|(_)"}, {"", ","},
             {",a,", ","}, {<<"x:y:z">>, ":"}, {["io", <<",">>, "list"], ","},
             {"abc", "x"}, {"aXbxc", "x"}, {"abab", "(a)(b)?"}],
    Plain = [{re:split(S, P), re:split(S, P, [trim]),
              re:split(S, P, [{return, list}]),
              re:split(S, P, [{return, binary}, group]),
              re:split(S, P, [{parts, 2}, {return, list}]),
              re:split(S, P, [{parts, 0}, {return, list}]),
              re:split(S, P, [{parts, infinity}, {return, list}, group, trim]),
              re:split(S, P, [{return, iodata}, caseless])}
             || {S, P} <- Cases],
    Uni = [{re:split(S, P, [unicode, {return, list}]),
            re:split(S, P, [unicode, {return, binary}, trim]),
            re:split(S, P, [unicode])}
           || {S, P} <- [{[16#3b1, $,, 16#3b2], ","}, {[16#e9, 16#e8], ""},
                         {[16#4e2d, $|, 16#6587, $|], "\\|"},
                         {unicode:characters_to_binary([16#1f600, $x, 16#1f600]), "x"}]],
    {ok, MP} = re:compile("(,)"),
    Pre = [re:split("a,b", MP), re:split("a,b", MP, [{return, list}, group]),
           re:split("a\nb\nc", "^", [multiline, {return, list}]),
           re:split("a1b2", "\\d", [{offset, 2}, {return, list}]),
           re:split("abc", "", [{parts, 2}, {return, list}])],
    Bad = [c(F) || F <- [
        fun() -> re:split("a", "(") end,
        fun() -> re:split("a", "a", [global]) end,
        fun() -> re:split("a", "a", [{parts, -1}]) end,
        fun() -> re:split("a", "a", [{return, foo}]) end,
        fun() -> re:split("a", "a", [{capture, all}]) end,
        fun() -> re:split("a", "a", [report_errors]) end,
        fun() -> re:split(a, "a") end,
        fun() -> re:split("a", MP, [caseless]) end,
        fun() -> re:split("a", {x}) end]],
    [Plain, Uni, Pre, Bad].
