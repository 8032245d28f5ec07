%% Shale's preloaded io module: the subset of OTP's io API that ordinary
%% programs use for output, written over the shale_io:put_chars/1 BIF.
%% (OTP's io talks to a group leader process; Shale has no I/O server yet.)
-module(io).
-export([format/1, format/2, format/3, fwrite/1, fwrite/2, fwrite/3,
         put_chars/1, put_chars/2, nl/0, nl/1, write/1, write/2,
         printable_range/0]).

format(Format) -> format(Format, []).
format(Format, Args) -> put_chars(io_lib:format(Format, Args)).
format(_Dev, Format, Args) -> format(Format, Args).
fwrite(Format) -> format(Format, []).
fwrite(Format, Args) -> format(Format, Args).
fwrite(Dev, Format, Args) -> format(Dev, Format, Args).
%% Like OTP's standard_io with -noshell (a Latin-1 device): characters
%% below 256 go out as single bytes; anything beyond falls back to UTF-8.
put_chars(Chars) ->
    Bin = try unicode:characters_to_binary(Chars, unicode, latin1)
          catch error:_ -> unicode:characters_to_binary(Chars)
          end,
    shale_io:put_chars(Bin).
put_chars(_Dev, Chars) -> put_chars(Chars).
nl() -> put_chars("\n").
nl(_Dev) -> nl().
write(Term) -> put_chars(io_lib:write(Term)).
write(_Dev, Term) -> write(Term).
printable_range() -> latin1.
