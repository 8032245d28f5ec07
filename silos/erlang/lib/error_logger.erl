%% Shale's preloaded error_logger: OTP's old reporting API, which stdlib
%% and older programs still call, forwarded to the logger module as
%% OTP 21+ does (the error_logger tag picks the report's title).
-module(error_logger).
-export([error_msg/1, error_msg/2, format/2, error_report/1,
         error_report/2, warning_msg/1, warning_msg/2, warning_report/1,
         warning_report/2, info_msg/1, info_msg/2, info_report/1,
         info_report/2, get_format_depth/0, limit_term/1,
         warning_map/0]).

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> msg(error, error, Format, Args).
format(Format, Args) -> msg(error, error, Format, Args).
warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> msg(warning, warning_msg, Format, Args).
info_msg(Format) -> info_msg(Format, []).
info_msg(Format, Args) -> msg(notice, info_msg, Format, Args).

error_report(Report) -> error_report(std_error, Report).
error_report(Type, Report) -> report(error, error_report, Type, Report).
warning_report(Report) -> warning_report(std_warning, Report).
warning_report(Type, Report) -> report(warning, warning_report, Type, Report).
info_report(Report) -> info_report(std_info, Report).
info_report(Type, Report) -> report(notice, info_report, Type, Report).

get_format_depth() -> unlimited.
limit_term(Term) -> Term.
warning_map() -> warning.

msg(Level, Tag, Format, Args) ->
    logger:log(Level, Format, Args, #{error_logger => #{tag => Tag}}).

report(Level, Tag, Type, Report) ->
    R = case Report of
            [{_, _} | _] -> Report;
            _ when is_list(Report) -> Report;
            _ -> [Report]
        end,
    logger:log(Level, #{label => {error_logger, Type}, report => R},
               #{error_logger => #{tag => Tag, type => Type},
                 report_cb => fun report_cb/1}).

report_cb(#{report := R}) -> logger:format_report(R).
