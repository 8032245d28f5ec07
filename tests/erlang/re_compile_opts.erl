-module(re_compile_opts).
-export([test/0]).
%% re:compile/1,2: every compile option's effect on matching, the
%% compiled pattern term itself (PCRE's compiled bytes, as OTP's), named
%% groups and re:inspect/2, and compile options given to re:run/3.
c(F) -> try F() catch C:R -> {C, R} end.
opt_cases() ->
    [{"abc", "ABC", [caseless]},
     {"^b", "a\nb", [multiline]},
     {"a$", "a\nb", [multiline]},
     {"a.b", "a\nb", [dotall]},
     {"a b # comment\n c", "abc", [extended]},
     {"a$", "a\n", [dollar_endonly]},
     {"a$", "a\n", []},
     {"b", "a\nb", [firstline]},
     {"a+", "aaa", [ungreedy]},
     {"a+?", "aaa", [ungreedy]},
     {"(a)(?<n>b)", "ab", [no_auto_capture]},
     {"b", "abc", [anchored]},
     {"^b", "a\rb", [multiline, {newline, cr}]},
     {"^b", "a\rb", [multiline, {newline, lf}]},
     {"^b", "a\r\nb", [multiline, {newline, crlf}]},
     {"a.b", "a\rb", [{newline, anycrlf}]},
     {"a.b", "a\x{85}b", [{newline, any}]},
     {"a$", "a\r\n", [{newline, crlf}]},
     {"\\R", "\x{85}", [bsr_anycrlf]},
     {"\\R", "\x{85}", [bsr_unicode]},
     {"x*", "ab", [no_start_optimize]},
     {"\\w+", "abc", [ucp]},
     {"abc", "abc", [never_utf]},
     {"(?<a>x)(?<a>y)", "xy", [dupnames]},
     {"A.", "a\nb", [caseless, dotall, multiline]}].
test() ->
    Opts = [{P, O, c(fun() -> re:run(S, P, O) end),
             c(fun() -> {ok, MP} = re:compile(P, O), re:run(S, MP) end)}
            || {P, S, O} <- opt_cases()],
    %% The compiled form: capture count, unicode and CRLF flags, and
    %% PCRE's bytes.
    Terms = [re:compile(P, O)
             || {P, O} <- [{"a", []}, {"(a)(b)", []}, {"x", [unicode]},
                           {"x", [{newline, crlf}]}, {"x", [{newline, any}]},
                           {"x", [{newline, anycrlf}]}, {"x", [{newline, cr}]},
                           {"(?<year>\\d{4})-(?<mon>\\d\\d)", []},
                           {"abc", [caseless, multiline, dotall]},
                           {"[a-z]+\\d*", [anchored]},
                           {"(?<n>a)|(?<n>b)", [dupnames]},
                           {<<"b+">>, [extended]}, {["a", [$b, <<"c">>]], []}]],
    Names = [begin {ok, MP} = re:compile(P, O),
                   {re:inspect(MP, namelist),
                    re:run(S, MP, [{capture, all_names, list}]),
                    re:run(S, MP, [{capture, all_names}]),
                    re:run(S, MP, [{capture, all_names, binary}])} end
             || {P, O, S} <- [{"(?<b>x)(?<a>y)(?<c>z)?", [], "xy"},
                              {"(?<n>a)|(?<n>b)", [dupnames], "b"},
                              {"(?<n>a)|(?<n>b)", [dupnames], "a"},
                              {"(?<zz>.)(?<aa>.)", [], "qr"},
                              {"(a)", [], "a"}]],
    ByName = [re:run("2024-06", "(?<year>\\d{4})-(?<mon>\\d\\d)(?<day>-\\d\\d)?",
                     [{capture, Spec, T}])
              || Spec <- [[year], ["mon"], [<<"day">>], [day, year, nope],
                          [1, mon, 0]],
                 T <- [index, list, binary]],
    Anchored = [re:run(S, MP, [anchored]) ||
                   MP <- [element(2, re:compile("b"))], S <- ["ab", "ba"]],
    [Opts, Terms, Names, ByName, Anchored].
