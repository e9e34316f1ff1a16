import { gradeScriptAnswer } from '@kefu/scoring';
import { describe, expect, it } from 'vitest';
import { loadStandardBank } from './load-bank.js';

/**
 * Answers written for these tests from the standard phrases (seed 000 篇3, seed 002) and the kinds
 * of mistakes trainers mark: forbidden words, missing steps, wrong order, a typo that turns the
 * meaning around, blaming the customer. None is taken from the labelled answer files.
 */
const cases: Record<string, { pass: string[]; fail: string[] }> = {
  'greeting.opening': {
    pass: [
      '您好!欢迎致电顺达物流客户服务热线,我是客服代表张敏,很高兴为您服务,请问有什么可以帮您?',
      '您好,歡迎來電順達物流客服熱線,客服代表小周很樂意為您服務,請問有什麼可以幫到您?',
      '您好 欢迎致电顺达物流客户服务热线 客服代表张敏很高兴为您服务 请问有什么可以帮助您',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高心为您服务,请问有什么可以帮助您?',
    ],
    fail: [
      '您好,欢迎致电顺达物流客户服务热线,请问有什么可以帮助您?',
      '喂喂,您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高兴为您服务,请问有什么可以帮助您?',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高兴为您服务。',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏不高兴为您服务,请问有什么可以帮助您?',
    ],
  },
  'greeting.reply': {
    pass: ['您好!请问有什么能帮您?', '您好,请问您需要什么帮助?', '您好,請問有什麼可以幫您的嗎?'],
    fail: ['喂,说吧!', '有什么事?', '您好,请讲。', '你好,有什么可以帮助我的?'],
  },
  'address.surname': {
    pass: [
      '王先生您好,请问有什么可以帮您?',
      '王先生,請問有什麼可以幫助您?',
      '好的王先生,请问还有什么可以帮到您?',
    ],
    fail: ['先生您好,请问有什么可以帮您?', '王女士,请问有什么可以帮助您?', '老王,有什么事?', '王先生,您好。'],
  },
  'call.silent': {
    pass: [
      '您好,请问有什么可以帮助您?(等5秒)您好,请问有什么可以帮您?(再等5秒)对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(5秒后挂机)',
      '您好!請問有什麼可以幫助您?(稍停5秒)您好,請問有什麼可以幫助您?(稍停5秒)對不起,您的電話沒有聲音,請您換一部電話再次打來,好嗎?再見!',
    ],
    fail: [
      '喂,说话呀!再不说话我就挂了啊!',
      '您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
      '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)(挂机)',
      '(挂机)您好,请问有什么可以帮助您?您好,请问有什么可以帮助您?对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
    ],
  },
  'call.speakerphone': {
    pass: [
      '对不起,您的声音太小了,请您拿起话筒说话,好吗?',
      '不好意思,您的声音有点小,麻烦您把免提关掉,拿起听筒说话好吗?',
    ],
    fail: ['喂,大声一点儿!', '对不起,您的声音太小,请您放下话筒说话好吗?', '您的声音太小,拿起话筒说话。'],
  },
  'call.low-volume': {
    pass: [
      '对不起,请您大声一点好吗?(仍然听不清)对不起,您的电话声音太小,请您换一部电话打来好吗?',
      '對不起!請您大聲一點,好嗎?(還是聽不清)對不起!您的電話聲音太小,請您換一部電話打來,好嗎?',
    ],
    fail: [
      '对不起,请您大声一点,好吗?',
      '对不起,您的电话声音太小,请您换一部电话打来,好吗?',
      '(挂机)',
      '对不起,请您小声一点,好吗?(仍听不清)对不起,您的电话声音太小,请您换一部电话打来,好吗?',
    ],
  },
  'call.noisy-line': {
    pass: [
      '对不起,您的电话杂音太大,我听不清楚,请您换一部电话再打来好吗?再见!',
      '抱歉,您那边噪音很大,听不清您说的话,麻烦您换一部电话再拨打,好吗?再见!',
    ],
    fail: [
      '(直接挂机)',
      '对不起,您的电话杂音太大,听不清,再见!',
      '对不起,您的电话杂音太大,听不清,请您别再打来了,再见!',
    ],
  },
  'call.dialect': {
    pass: [
      '对不起,请您讲普通话好吗?谢谢!(客户仍讲方言)对不起,请您找一位会讲普通话的人来接电话,好吗?谢谢!',
      '對不起,請您說普通話,好嗎?謝謝!(仍講方言)對不起,請您找一個能講普通話的人來,好嗎?謝謝!',
    ],
    fail: [
      '对不起,请您找一个会讲普通话的人来好吗?谢谢!',
      '听不懂你说什么,挂了。',
      '对不起,请您讲普通话,好吗?谢谢!(客户仍讲方言)好嘅,我同你讲粤语啦。',
    ],
  },
  'revisit.opening': {
    pass: [
      '您好,我是顺达物流的客服小王,请问您是陈女士吗?打扰您了。感谢您在6月1日使用了我们的上门取件服务,请问您对这次服务满意吗?',
      '您好,我是順達物流客服代表小王,請問您是陳女士嗎?打擾您了。感謝您上週接受了我們的上門取件服務,請問您對這次服務滿意嗎?',
    ],
    fail: [
      '您好,请问您是陈女士吗?感谢您使用了我们的服务,请问您满意吗?',
      '您好,我是顺达物流的客服小王,请问您是陈女士吗?打扰您了。请问您对我们的服务满意吗?',
      '您好,我是顺达物流的客服小王,请问您是陈女士吗?打扰您了。感谢您在6月1日使用了我们的上门取件服务。',
    ],
  },
  'revisit.close-satisfied': {
    pass: [
      '谢谢您的答复,您如果有什么需要,可以随时联系我们,祝您节日快乐,再见!',
      '感謝您的答覆,您若需要什麼幫助,可隨時跟我們聯繫,祝您生活愉快,再見!',
    ],
    fail: ['好的,再见。', '谢谢您的答复,再见!', '谢谢您的答复,有需要随时联系我们,再见!'],
  },
  'revisit.close-unsatisfied': {
    pass: [
      '非常感谢您的反馈,这一点我们确实做得不够好,我们会尽快改进,希望您继续监督,祝您生活愉快,再见!',
      '非常感謝您的反饋,這一點我們確實做得不夠,我們很快就會有改進,希望您監督,祝您節日快樂,再見!',
    ],
    fail: [
      '谢谢,再见。',
      '非常感谢您的反馈,不过这是您自己操作不当造成的,祝您生活愉快,再见!',
      '非常感谢您的反馈,这一点我们确实做得不够,希望您监督,再见!',
    ],
  },
  'complaint.first-response': {
    pass: [
      '非常抱歉给您添麻烦了,请您告诉我订单号和具体的故障情况,我马上登记,明天上午10点前给您回电话说明处理方案。',
      '真對不起,讓您遇到這樣的問題。麻煩您提供一下訂單號和故障情況,我這邊馬上為您提交售後申請,今天下午3點前給您回覆。',
    ],
    fail: [
      '这个不归我们管,您找厂家吧。',
      '非常抱歉给您带来不便,请您提供一下订单号和故障情况。',
      '请您提供订单号,我们会尽快给您回电。',
      '非常抱歉,这是您自己使用不当造成的,我们会给您回电。',
    ],
  },
};

describe('standard script rubrics', () => {
  const bank = loadStandardBank();
  for (const [itemId, { pass, fail }] of Object.entries(cases)) {
    const rubric = bank.rubricFor(itemId);
    it(`passes good answers and fails flawed ones when grading ${itemId}`, () => {
      expect(rubric).toBeDefined();
      if (!rubric) return;
      const wrong: string[] = [];
      for (const answer of pass) {
        const grade = gradeScriptAnswer(rubric, answer);
        if (!grade.passed) wrong.push(`should pass: ${answer} — ${grade.feedback.join(' ')}`);
      }
      for (const answer of fail) {
        if (gradeScriptAnswer(rubric, answer).passed) wrong.push(`should fail: ${answer}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

/** More answers written for these tests: paraphrases, stage directions, meaning-changing slips. */
const moreCases: [string, boolean, string][] = [
  [
    'revisit.opening',
    true,
    '您好,我是华信宽带的客服专员小陈,请问您是李先生吗?打扰您几分钟。感谢您在上个月15号办理了我们的宽带提速服务,请问您对这项服务满意吗?',
  ],
  [
    'revisit.opening',
    true,
    '您好!我是安达家电客服小李。请问是刘女士吗?不好意思打扰您了。感谢您上周接受了我们的上门维修服务,想问一下您对这次维修服务还满意吗?',
  ],
  ['revisit.opening', false, '您好,我是安达家电客服小李,请问您是刘女士吗?打扰您了。上周的维修服务您满意吗?'],
  ['revisit.opening', false, '喂,是刘女士吗?我是安达家电的,上周给你修过洗衣机,满意吗?'],
  [
    'revisit.close-satisfied',
    true,
    '好的,谢谢您的回答!您以后有任何需要都可以随时联系我们,祝您身体健康,再见!',
  ],
  ['revisit.close-satisfied', true, '感谢您的答复,您若需要什么帮助,可随时跟我们取得联系,祝您开车愉快,再见!'],
  ['revisit.close-satisfied', false, '好的,那就这样吧,再见。'],
  ['revisit.close-satisfied', false, '感谢您的答复,祝您开车愉快,再见!有事别找我们。'],
  [
    'revisit.close-unsatisfied',
    true,
    '感谢您的反馈,您说的问题确实是我们的不足,我们会认真改进,也希望您继续监督我们的工作,祝您生活愉快,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    true,
    '非常感謝您的意見,這方面我們確實做得不夠好,我們很快會改進,希望您監督,祝您節日快樂,再見!',
  ],
  ['revisit.close-unsatisfied', false, '知道了,我们会反映的,再见。'],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,这一点我们确实做得不够,但这也是没办法的事,希望您理解,再见!',
  ],
  [
    'complaint.first-response',
    true,
    '非常抱歉,产品出了问题给您添麻烦了,我非常理解您的心情。请问您的订单号是多少?具体是什么故障呢?我马上登记,今天18点前给您回电话。',
  ],
  [
    'complaint.first-response',
    true,
    '对不起,让您着急了。麻烦您告诉我一下购买时间和故障现象,我这边立刻帮您提交售后工单,明天上午会有师傅联系您上门检修。',
  ],
  ['complaint.first-response', false, '您别激动,东西坏了很正常,您找售后吧。'],
  ['complaint.first-response', false, '抱歉,给您带来不便了,我们会尽快处理的,请您耐心等待。'],
  [
    'call.dialect',
    true,
    '对不起,我听不太懂,请您讲普通话好吗?谢谢!(客户仍讲方言)对不起,请您找一个可以讲普通话的人来,好吗?谢谢!',
  ],
  ['call.dialect', false, '对不起,请您讲普通话,好吗?谢谢!(客户仍讲方言)(直接挂机)'],
  ['call.speakerphone', true, '对不起,您的声音太小,请您拿起话筒说话好吗?谢谢!'],
  ['call.speakerphone', false, '对不起,您的声音太小。'],
  ['greeting.reply', true, '您好!请问有什么可以帮助您的吗?'],
  ['greeting.reply', false, '您好,请问有什么可以帮助您?喂?'],
  ['address.surname', true, '王先生您好,请问有什么可以帮到您?'],
  ['address.surname', false, '您好,请问有什么可以帮助您?'],
  [
    'revisit.opening',
    false,
    '您好,我是客服小王,请问您是先生吗?打扰您了。感谢您接受了我们的服务,请问您对服务满意吗?',
  ],
  [
    'complaint.first-response',
    true,
    '实在不好意思!请问是哪款产品,什么时候买的?我登记后让售后主管今天联系您。',
  ],
  ['call.noisy-line', false, '对不起,您的电话杂音太小,听不清,请您换一部电话再次打来好吗?再见!'],
  [
    'greeting.opening',
    true,
    '您好,欢迎致电宏远客服热线,我是客服专员小张,很高兴为您服务,请问有什么可以帮您的吗?',
  ],
  [
    'greeting.opening',
    true,
    '您好!欢迎拨打宏远客户服务热线,客服代表李静为您服务,很高兴为您服务,请问您需要什么帮助?',
  ],
  ['greeting.opening', true, '您好,感谢致电宏远客户服务热线,客服代表李静很高兴为您服务,请问有什么可以帮您?'],
  ['greeting.opening', false, '您好,欢迎致电宏远客户服务热线,客服代表李静很高兴为您服务,有事快说。'],
  [
    'greeting.opening',
    false,
    '你好,欢迎致电宏远客户服务热线,客服代表李静很高兴为您服务,请问有什么可以帮助您?',
  ],
  ['greeting.opening', true, '您好欢迎致电宏远客户服务热线客服代表李静很高兴为您服务请问有什么可以帮助您'],
  [
    'greeting.opening',
    true,
    '您好,欢迎致电宏远客户服务热线,客服代表李静很高兴为您服务,请问有什么可以帮住您?',
  ],
  ['greeting.opening', false, '您好,欢迎致电宏远客户服务热线,客服代表李静很高兴为您服务,请问有什么事吗?'],
  ['greeting.reply', true, '您好,很高兴为您服务,请问有什么需要帮助的吗?'],
  ['greeting.reply', true, '您好,请问有什么可以为您效劳的?'],
  ['greeting.reply', true, '您好,请问您有什么需要?'],
  ['greeting.reply', false, '嗯,说吧。'],
  ['greeting.reply', false, '您好,请问有什么可以帮助你?'],
  ['address.surname', true, '王先生,您好,请问有什么可以帮您的?'],
  ['address.surname', true, '王先生,请问您需要什么帮助?'],
  ['address.surname', false, '请问有什么可以帮助您?'],
  ['address.surname', false, '王先生,说吧,什么事?'],
  ['address.surname', true, '汪先生,请问有什么可以帮助您?'],
  [
    'call.silent',
    true,
    '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)喂,说话呀!再不说话我就挂了啊!',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?',
  ],
  [
    'call.silent',
    true,
    '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!(稍停5秒后挂机)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮助您?您好,请问有什么可以帮助您?对不起,您的电话有声音,请您换一部电话再次打来,好吗?再见!',
  ],
  ['call.speakerphone', true, '对不起,您的声音比较小,请您拿起话筒说话,好吗?'],
  ['call.speakerphone', true, '抱歉,我听不太清楚,麻烦您拿起话筒讲话好吗?'],
  ['call.speakerphone', false, '对不起,您的声音太小,请您拿起话筒说话好吗?喂!'],
  ['call.speakerphone', false, '对不起,您的声音太大,请您拿起话筒说话好吗?'],
  ['call.speakerphone', false, '您的声音太小了,把免提关了!'],
  [
    'call.low-volume',
    true,
    '对不起,请您大声一点好吗?(仍听不清)对不起,您的电话声音太小,麻烦您换一部电话再打过来,好吗?谢谢!',
  ],
  ['call.low-volume', false, '对不起!请您大声一点,好吗?(若仍听不清)(直接挂机)'],
  [
    'call.low-volume',
    false,
    '对不起!请您大声一点,好吗?(若仍听不清)对不起!您的电话声音太大,请您换一部电话打来,好吗?',
  ],
  [
    'call.low-volume',
    false,
    '(若仍听不清)对不起!您的电话声音太小,请您换一部电话打来,好吗?对不起!请您大声一点,好吗?',
  ],
  ['call.noisy-line', true, '不好意思,您的电话杂音太大,我听不清楚,请您换一部电话再次打来好吗?再见!'],
  ['call.noisy-line', false, '对不起,您的电话杂音太大,听不清,请您换一部电话再次打来好吗?再见!喂?'],
  ['call.noisy-line', false, '杂音太大,听不清,换个电话打。'],
  ['call.noisy-line', true, '对不起,您的电话杂音太大,听不清,请您换一部电话再次打来好吗?再见!(稍停5秒挂机)'],
  [
    'call.dialect',
    true,
    '不好意思,请您讲普通话好吗?谢谢!(客户仍讲方言)不好意思,请您找一个会说普通话的人来接听,好吗?谢谢!',
  ],
  ['call.dialect', false, '对不起,请您讲普通话,好吗?谢谢!(客户继续讲方言)(挂机)'],
  ['call.dialect', false, '对不起,请您讲普通话,好吗?谢谢!(客户继续讲方言)对不起,我听不懂,我先挂了。'],
  [
    'revisit.opening',
    true,
    '您好,我是宏远电器客服小李,请问您是王先生吗?打扰了。感谢您在3月5日选择了我们的热水器安装服务,请问您对我们的安装服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是宏远电器客服小李,请问您是王先生吗?感谢您在3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '我是宏远电器客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是宏远电器客服小李,请问是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,您对这次服务不满意吧?',
  ],
  ['revisit.close-satisfied', true, '感谢您的答复,如果您以后有任何需要,随时联系我们,祝您生活愉快,再见!'],
  ['revisit.close-satisfied', true, '谢谢您的支持,您若需要帮助可随时与我们联系,祝您工作顺利,再见!'],
  ['revisit.close-satisfied', false, '感谢您的答复,您若需要什么帮助,可随时跟我们联系,再见!'],
  ['revisit.close-satisfied', false, '感谢您的答复,您若需要什么帮助,可随时跟我们联系,祝您开车愉快!'],
  ['revisit.close-satisfied', false, '感谢您的答复,您若需要什么帮助,不要跟我们联系,祝您开车愉快,再见!'],
  [
    'revisit.close-unsatisfied',
    true,
    '非常感谢您的宝贵意见,这一点确实是我们做得不够,我们会马上改进,欢迎您监督我们,祝您生活愉快,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,这一点我们确实做得不够,我们很快就会有改进,祝您生活愉快,再见!',
  ],
  ['revisit.close-unsatisfied', false, '非常感谢您的反馈,这一点我们做得没问题,希望您监督,祝您生活愉快,再见!'],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,这不是我们的问题,我们很快就会有改进,希望您监督,祝您生活愉快,再见!',
  ],
  [
    'complaint.first-response',
    true,
    '非常抱歉给您带来了麻烦,请问您的订单号是多少?产品是哪里坏了?我马上帮您登记,今天下班前给您回电话。',
  ],
  [
    'complaint.first-response',
    true,
    '真的很抱歉,您先别着急。麻烦您告诉我一下订单号和故障的具体情况,我这边记录后马上转给售后,两个小时内给您回复,可以吗?',
  ],
  ['complaint.first-response', false, '非常抱歉给您带来不便,您的问题我们会处理的。'],
  ['complaint.first-response', false, '请问您的订单号是多少?我马上为您登记,明天给您回电。'],
  ['complaint.first-response', false, '非常抱歉,请问您的订单号是多少?'],
  ['complaint.first-response', false, '这是您自己使用不当造成的,我们不负责。'],
  [
    'greeting.opening',
    true,
    '您好,欢迎来电安达电器售后服务热线,工号3021为您服务,很高兴为您服务,请问有什么能帮您?',
  ],
  [
    'greeting.opening',
    true,
    '您好,欢迎致电华信客户服务中心,我是客服代表王芳,很高兴为您服务,请问您有什么需要帮助的?',
  ],
  ['greeting.opening', true, '您好!歡迎致電宏远客服熱線,我是客服小劉,很高興為您服務,請問有什麼可以幫您?'],
  [
    'greeting.opening',
    true,
    '您好,欢迎致电宏远客户服务热线,客服代表李静非常高兴为您服务,请问有什么可以帮到您?',
  ],
  ['greeting.opening', false, '欢迎致电宏远客服热线,我是李静,请问您有什么事?'],
  ['greeting.reply', true, '先生您好,请问有什么可以帮到您?'],
  ['greeting.reply', true, '您好,这里是客服中心,请问需要什么帮助?'],
  ['greeting.reply', false, '你好,什么事?'],
  ['address.surname', true, '好的,王先生,请问您需要办理什么业务?'],
  ['address.surname', true, '王先生,您好!请问有什么我可以帮您的?'],
  [
    'call.silent',
    true,
    '您好!请问有什么可以帮助您?(稍停五秒)您好,请问有什么可以帮助您?(稍停五秒,仍无声)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!(稍停五秒后挂机)',
  ],
  [
    'call.silent',
    true,
    '您好,请问有什么能帮您?(等5秒无回应)您好,请问有什么能帮您?(再等5秒)对不起,我这边听不到您的声音,麻烦您换一部电话再打过来,好吗?再见!',
  ],
  ['call.speakerphone', true, '对不起,您用的是免提吧,声音太小我听不清,请您拿起话筒说话好吗?'],
  ['call.speakerphone', true, '對不起,您的聲音太小,請您拿起聽筒說話好嗎?謝謝!'],
  [
    'call.low-volume',
    true,
    '对不起!请您说话大声一点,好吗?(还是听不清)对不起!您的电话声音太小,请您换一部电话再打来,好吗?(5秒后挂机)',
  ],
  [
    'call.low-volume',
    true,
    '不好意思,请您大点声好吗?(仍然听不清)不好意思,您电话的声音太小了,麻烦您换部电话打过来好吗?',
  ],
  ['call.noisy-line', true, '对不起,您那边杂音比较大,我听不清楚,请您换一部电话再打过来,好吗?再见!'],
  ['call.noisy-line', true, '不好意思,您的电话线路杂音太大,听不清您说话,麻烦您换一部电话重新打来好吗?再见!'],
  ['call.noisy-line', true, '對不起,您的電話雜音太大,聽不清楚,請您換一部電話再打來好嗎?再見!'],
  [
    'call.dialect',
    true,
    '对不起,我听不懂您的方言,请您讲普通话好吗?谢谢!(客户继续讲方言)对不起,请问您身边有没有会讲普通话的人,请他来接一下电话好吗?谢谢!',
  ],
  [
    'call.dialect',
    true,
    '抱歉,请您用普通话和我沟通好吗?谢谢!(仍讲方言)抱歉,麻烦您请一位会说普通话的家人帮忙接听,好吗?谢谢!',
  ],
  [
    'revisit.opening',
    true,
    '您好,我是安达家电的客服代表小李,请问您是刘女士吗?打扰您了,感谢您上周选择了我们的上门维修服务,请问您对这次维修满意吗?',
  ],
  [
    'revisit.opening',
    true,
    '您好,我是光明乳业客服小吴,请问是赵女士吗?不好意思打扰您了。感谢您昨天接受了我们的送奶上门服务,您对这项服务还满意吗?',
  ],
  [
    'revisit.opening',
    true,
    '您好,我是宏远电器客服小张,请问您是王先生吗?打扰您了。谢谢您3月5日使用我们的热水器安装服务,请问您对安装服务是否满意?',
  ],
  ['revisit.close-satisfied', true, '谢谢您的回答,以后您有任何问题都可以随时联系我们,祝您生活愉快,再见!'],
  ['revisit.close-satisfied', true, '非常感谢您的答复,如有需要欢迎随时致电我们,祝您节日快乐,再见!'],
  ['revisit.close-satisfied', true, '感谢您的答复,您有什么需要可以随时找我们,祝您工作顺利,再见!'],
  [
    'revisit.close-unsatisfied',
    true,
    '非常感谢您的反馈,这方面确实是我们的不足,我们会尽快整改,也欢迎您继续监督,祝您生活愉快,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    true,
    '谢谢您提出的意见,这次确实是我们做得不到位,我们马上改进,请您监督我们,祝您节日快乐,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    true,
    '非常感谢您的反馈,这一点我们确实做得不够,我们很快就会改进,希望您多多监督,祝您一切顺利,再见!',
  ],
  [
    'complaint.first-response',
    true,
    '非常抱歉,给您造成了困扰,我非常理解您的心情。您能说一下是什么型号、哪里出了问题吗?我记录下来,马上反馈给售后,今天下午4点前一定给您回电。',
  ],
  [
    'complaint.first-response',
    true,
    '先生,真的非常抱歉!请您把订单号告诉我,我先帮您查一下购买记录,然后安排师傅明天上午上门检测,您看可以吗?',
  ],
  [
    'complaint.first-response',
    true,
    '对不起,给您添麻烦了。我跟您确认一下,您是上周买的电饭煲,现在不能加热了,对吗?我这就为您申请换货,明天中午前会有专人联系您。',
  ],
  ['complaint.first-response', false, '抱歉抱歉,您先消消气,要不您看看我们的新品?现在八折。'],
  ['complaint.first-response', false, '对不起,请您提供订单号。'],
];

describe('standard script rubrics on more answers', () => {
  const bank = loadStandardBank();
  it('agrees with the expected verdict when grading paraphrases and slips', () => {
    const wrong: string[] = [];
    for (const [itemId, pass, answer] of moreCases) {
      const rubric = bank.rubricFor(itemId);
      if (!rubric) throw new Error(`no rubric for ${itemId}`);
      const grade = gradeScriptAnswer(rubric, answer);
      if (grade.passed !== pass)
        wrong.push(`${itemId} should ${pass ? 'pass' : 'fail'}: ${answer} — ${grade.feedback.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
