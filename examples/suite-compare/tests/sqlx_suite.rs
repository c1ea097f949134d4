//! The same 200 tests with `#[sqlx::test]`: the migrations run for every test, and the test
//! inserts the same number of rows sprout seeds (`tests/fixtures/seed.sql`). Generated: edit
//! `body` and keep the 200 tests as they are.

use sqlx::PgPool;

async fn body(pool: PgPool) {
    sqlx::raw_sql(include_str!("fixtures/seed.sql"))
        .execute(&pool)
        .await
        .unwrap();
    let (orders,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM orders JOIN customer ON customer.id = orders.customer_id")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(orders, 10);
}

#[sqlx::test(migrations = "./migrations")]
async fn t000(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t001(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t002(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t003(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t004(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t005(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t006(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t007(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t008(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t009(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t010(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t011(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t012(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t013(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t014(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t015(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t016(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t017(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t018(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t019(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t020(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t021(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t022(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t023(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t024(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t025(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t026(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t027(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t028(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t029(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t030(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t031(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t032(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t033(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t034(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t035(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t036(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t037(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t038(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t039(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t040(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t041(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t042(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t043(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t044(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t045(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t046(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t047(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t048(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t049(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t050(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t051(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t052(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t053(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t054(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t055(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t056(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t057(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t058(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t059(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t060(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t061(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t062(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t063(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t064(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t065(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t066(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t067(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t068(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t069(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t070(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t071(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t072(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t073(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t074(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t075(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t076(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t077(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t078(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t079(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t080(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t081(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t082(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t083(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t084(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t085(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t086(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t087(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t088(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t089(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t090(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t091(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t092(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t093(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t094(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t095(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t096(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t097(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t098(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t099(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t100(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t101(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t102(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t103(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t104(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t105(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t106(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t107(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t108(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t109(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t110(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t111(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t112(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t113(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t114(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t115(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t116(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t117(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t118(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t119(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t120(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t121(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t122(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t123(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t124(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t125(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t126(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t127(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t128(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t129(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t130(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t131(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t132(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t133(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t134(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t135(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t136(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t137(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t138(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t139(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t140(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t141(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t142(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t143(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t144(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t145(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t146(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t147(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t148(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t149(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t150(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t151(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t152(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t153(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t154(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t155(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t156(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t157(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t158(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t159(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t160(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t161(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t162(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t163(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t164(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t165(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t166(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t167(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t168(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t169(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t170(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t171(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t172(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t173(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t174(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t175(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t176(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t177(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t178(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t179(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t180(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t181(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t182(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t183(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t184(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t185(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t186(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t187(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t188(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t189(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t190(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t191(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t192(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t193(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t194(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t195(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t196(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t197(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t198(pool: PgPool) {
    body(pool).await;
}

#[sqlx::test(migrations = "./migrations")]
async fn t199(pool: PgPool) {
    body(pool).await;
}
